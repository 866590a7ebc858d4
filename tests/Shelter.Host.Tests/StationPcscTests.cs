using System.Net;
using System.Net.Http.Json;
using Shelter.Host.Api;
using Shelter.Station.Demo;
using Shelter.Station.Screen;
using Shelter.Station.Tests;

namespace Shelter.Host.Tests;

/// <summary>
/// The station program through the real PC/SC daemon against the real host: a My Number card presented over vpcd is
/// seen by the program's monitor, asks for its PIN on the screen, is posted and confirmed, and is seen leaving; a FeliCa
/// card in the reader's other slot checks in too. Runs under ops/pcsc-rig.sh (skipped, saying so, elsewhere; in CI it must run).
/// </summary>
public sealed class StationPcscTests(HostFixture host, PcscdRig rig) : IClassFixture<HostFixture>, IClassFixture<PcscdRig>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-station-pcsc-").FullName;

    [PcscdFact]
    public async Task The_station_reads_a_card_through_pcscd_posts_it_and_sees_it_leave()
    {
        var code = await StationUnderTest.OpenWithCode(host, "pcsc-hall", "pcsc-door");
        await using var station = await StationUnderTest.Start(host.Http.BaseAddress!, Path.Combine(_dir, "no-demo"), Path.Combine(_dir, "station"), demo: false);
        await station.Register(code);
        await station.ViewWhen(v => v.Registration.Registered && v.Status.Readers.Contains(rig.Readers[0]), "registered, with the vpcd reader");

        using var holder = host.Ca.Issue();
        rig.Slots[0].Present(new VirtualJpki(holder, VirtualJpki.Card), VirtualJpki.MyNumberAtr);
        var asking = await station.ViewWhen(v => v.Pin is not null, "the PIN pad");
        Assert.True(asking.Status.CardOnReader);
        Assert.Equal(3, asking.Pin!.TriesLeft);
        Assert.Equal(HttpStatusCode.NoContent, (await station.Screen.PostAsJsonAsync("/api/pin", new PinRequest(DemoReader.Pin))).StatusCode);
        var confirmed = await station.ViewWhen(v => v.Result?.Verdict == "green", "the check-in confirmed");
        Assert.Equal("チェックインしました。", confirmed.Result!.Japanese);
        await host.ShelterWhen("pcsc-hall", v => v.Occupancy == 1);

        rig.Slots[0].Remove();
        await station.ViewWhen(v => !v.Status.CardOnReader, "the card gone");

        // A shelter's desk issues the temporary card first; an unissued one would be a flagged walk-in (amber).
        var person = await host.Send(HttpMethod.Post, "/api/v1/people", HostFixture.AdminToken, new Api.RegisterPersonRequest("testcity", "pcsc-hall", "shelter", []));
        var personId = (await person.Content.ReadFromJsonAsync<Api.PersonView>(HostFixture.Json))!.PersonId;
        Assert.True((await host.Send(HttpMethod.Post, $"/api/v1/people/{personId}/temporary-cards", HostFixture.AdminToken,
            new Api.IssueCardRequest("0123456789ABCDEF"))).IsSuccessStatusCode);
        var before = (await station.View()).Result!.At;
        rig.Slots[1].Present(new VirtualFelica(Convert.FromHexString("0123456789ABCDEF")), VirtualFelica.Atr);
        await station.ViewWhen(v => v.Result is { Verdict: "green" } r && r.At != before, "the temporary card confirmed");
        await host.ShelterWhen("pcsc-hall", v => v.Occupancy == 2);
        rig.Slots[1].Remove();
        await station.ViewWhen(v => !v.Status.CardOnReader, "the temporary card gone");
    }

    [PcscdFact]
    public async Task The_desk_station_reads_the_card_face_over_pcscd_with_its_pin_and_never_selects_ef_0001()
    {
        var code = await StationUnderTest.OpenWithCode(host, "pcsc-desk", "pcsc-desk-station");
        var desk = await host.Issue("desk", "desk at pcsc-desk", shelterId: "pcsc-desk");
        await using var station = await StationUnderTest.Start(host.Http.BaseAddress!, Path.Combine(_dir, "no-demo"), Path.Combine(_dir, "desk-station"), demo: false);
        await station.Register(code);
        await station.ViewWhen(v => v.Registration.Registered && v.Status.Readers.Contains(rig.Readers[0]), "registered, with the vpcd reader");
        await station.Switch(StationScreen.CardFaceAction);
        var seenBefore = rig.CommandApdus().Count;

        using var holder = host.Ca.Issue();
        var attributes = new Station.CardFace.CardFaceAttributes("髙橋 一郎", "石川県輪島市鳳至町二丁目３番地", new DateOnly(1980, 12, 24), "1");
        var card = new VirtualJpki(holder, VirtualJpki.Card) { CardFace = attributes, CardFacePin = "4821" };
        rig.Slots[0].Present(card, VirtualJpki.MyNumberAtr);
        var asking = await station.ViewWhen(v => v.Pin is not null, "the card-face PIN pad");
        Assert.Equal(("card-face", 3), (asking.Pin!.Purpose, asking.Pin.TriesLeft));
        Assert.Equal(HttpStatusCode.NoContent, (await station.Screen.PostAsJsonAsync("/api/pin", new PinRequest("4821"))).StatusCode);
        var shown = (await station.ViewWhen(v => v.CardFace is not null, "the attributes shown for confirmation")).CardFace!;
        Assert.Equal(("髙橋 一郎", "石川県輪島市鳳至町二丁目３番地", "1980-12-24", "1"), (shown.Name, shown.Address, shown.BirthDate, shown.Sex));
        Assert.Equal(HttpStatusCode.OK, (await station.Screen.PostAsync("/api/card-face/confirm", null)).StatusCode);
        var sent = await station.ViewWhen(v => v.CardFace is null && v.Result?.Verdict == "green", "the reading sent to the desk");
        Assert.Contains("受付へ送りました", sent.Result!.Japanese);
        rig.Slots[0].Remove();
        await station.ViewWhen(v => !v.Status.CardOnReader, "the card gone");

        var listed = await host.Send(HttpMethod.Get, "/api/v1/shelters/pcsc-desk/card-readings", desk);
        var reading = Assert.Single((await listed.Content.ReadFromJsonAsync<Api.CardReadingsView>(HostFixture.Json))!.Readings);
        Assert.Equal(("髙橋 一郎", "1980-12-24", "pcsc-desk-station"), (reading.Name, reading.BirthDate, reading.ReaderId));

        // The card's side, as pcscd passed it on: the card-face application, its PIN file and file 0002; file 0001 never.
        var apdus = rig.CommandApdus().Skip(seenBefore).ToList();
        Assert.Contains("00A4040C0AD3921000310001010408", apdus);
        Assert.Contains("00A4020C020011", apdus);
        Assert.Contains("00A4020C020002", apdus);
        Assert.DoesNotContain("00A4020C020001", apdus);
        Assert.DoesNotContain("00A4020C020001", card.Commands);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
