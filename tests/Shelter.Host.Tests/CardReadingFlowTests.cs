using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// Card-face attributes read at a desk station reach that shelter's desk only; the desk registers the person from
/// them and links the card by the reading (no preview: the card was in hand), after which the card's taps count for
/// the person; a used reading is gone; every malformed or excessive reading is refused with its reason.
/// </summary>
public sealed class CardReadingFlowTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_reading_from_the_desk_station_registers_and_links_the_card_to_the_person()
    {
        var reader = await host.OpenWithReader("face-a", "face-desk-a");
        await host.OpenWithReader("face-b", "face-desk-b");
        var desk = await host.Issue("desk", "desk at face-a", shelterId: "face-a");
        var otherDesk = await host.Issue("desk", "desk at face-b", shelterId: "face-b");
        using var card = host.Ca.Issue();
        var reading = Reading(Convert.ToBase64String(card.CertificateDer));

        var sent = await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, reading);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var receipt = (await sent.Content.ReadFromJsonAsync<CardReadingReceipt>(HostFixture.Json))!;
        var retried = await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, reading);
        Assert.Equal(receipt.ExpiresAt, (await retried.Content.ReadFromJsonAsync<CardReadingReceipt>(HostFixture.Json))!.ExpiresAt);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/shelters/face-a/card-readings", otherDesk)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/shelters/face-a/card-readings", host.ViewerToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/shelters/face-a/card-readings", reader)).StatusCode);
        Assert.Empty((await Waiting(otherDesk, "face-b")).Readings);
        var waiting = Assert.Single((await Waiting(desk, "face-a")).Readings);
        Assert.Equal((reading.ReadingId, "face-desk-a", "避難 花子", "石川県輪島市河井町一丁目１番地", "1958-04-01", "2", "jpki-card"),
            (waiting.ReadingId, waiting.ReaderId, waiting.Name, waiting.Address, waiting.BirthDate, waiting.Sex, waiting.CredentialKind));

        var registered = await host.Send(HttpMethod.Post, "/api/v1/people", desk, new RegisterPersonRequest("testcity", "face-a", "shelter",
            ["name", "birthDate", "sex"], Name: waiting.Name, BirthDate: waiting.BirthDate, Sex: waiting.Sex));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var person = (await registered.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.PersonId;
        var elsewhere = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials/from-reading", otherDesk, new LinkFromReadingRequest(reading.ReadingId, "face-a"));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        var linked = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials/from-reading", desk, new LinkFromReadingRequest(reading.ReadingId, "face-a"));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var link = (await linked.Content.ReadFromJsonAsync<LinkView>(HostFixture.Json))!;
        Assert.Equal((person, true), (link.PersonId, link.Linked));
        Assert.Empty((await Waiting(desk, "face-a")).Readings);
        var used = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials/from-reading", desk, new LinkFromReadingRequest(reading.ReadingId, "face-a"));
        Assert.Equal((HttpStatusCode.NotFound, "unknown-card-reading"), (used.StatusCode, await Reason(used)));

        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(reader, host.Tap(card, "face-desk-a", "face-a", "check-in"))).Single().Status);
        var seen = await host.EvacueeOf(card);
        Assert.Equal((person, "face-a", false), (seen.EvacueeId, seen.CurrentShelterId, seen.Provisional));
        Assert.Equal(link.EvacueeId, Assert.Single(seen.Credentials!));
    }

    [Fact]
    public async Task A_discarded_reading_is_gone_and_bad_readings_are_refused_with_their_reason()
    {
        var reader = await host.OpenWithReader("face-c", "face-desk-c");
        var desk = await host.Issue("desk", "desk at face-c", shelterId: "face-c");
        using var card = host.Ca.Issue();
        var certificate = Convert.ToBase64String(card.CertificateDer);
        var reading = Reading(certificate);
        Assert.Equal(HttpStatusCode.Created, (await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, reading)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Send(HttpMethod.Delete, $"/api/v1/shelters/face-c/card-readings/{reading.ReadingId}", desk)).StatusCode);
        Assert.Empty((await Waiting(desk, "face-c")).Readings);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Send(HttpMethod.Delete, $"/api/v1/shelters/face-c/card-readings/{reading.ReadingId}", desk)).StatusCode);

        using var stranger = Shelter.Credentials.DevPki.DevCertificateAuthority.Create();
        using var foreign = stranger.Issue();
        (CardReading Body, string Reason)[] refused =
        [
            (reading with { ReadingId = "not-a-uuid" }, RequestReasons.InvalidCardReading),
            (Reading(certificate) with { Name = " " }, RequestReasons.InvalidCardReading),
            (Reading(certificate) with { Name = new string('名', 201) }, RequestReasons.InvalidCardReading),
            (Reading(certificate) with { BirthDate = "19580401" }, RequestReasons.InvalidCardReading),
            (Reading(certificate) with { Sex = "male" }, RequestReasons.InvalidCardReading),
            (Reading(certificate) with { Credential = new TapCredential("jpki-android", certificate) }, RequestReasons.InvalidCardReading),
            (Reading(certificate) with { Credential = new TapCredential("jpki-card", "%%%") }, RequestReasons.InvalidCardReading),
            (Reading(Convert.ToBase64String(foreign.CertificateDer)), "untrusted-issuer"),
        ];
        foreach (var (body, reason) in refused)
        {
            var answer = await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, body);
            Assert.Equal((HttpStatusCode.BadRequest, reason), (answer.StatusCode, await Reason(answer)));
        }
        var otherReader = await host.OpenWithReader("face-d", "face-desk-d");
        var kept = Reading(certificate);
        Assert.Equal(HttpStatusCode.Created, (await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, kept)).StatusCode);
        var taken = await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, otherReader, kept);
        Assert.Equal((HttpStatusCode.BadRequest, RequestReasons.InvalidCardReading), (taken.StatusCode, await Reason(taken)));
        Assert.Single((await Waiting(desk, "face-c")).Readings, r => r.ReadingId == kept.ReadingId && r.Name == "避難 花子");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Send(HttpMethod.Delete, $"/api/v1/shelters/face-c/card-readings/{kept.ReadingId}", desk)).StatusCode);
        var missing = await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, rawBody: "null");
        Assert.Equal(RequestReasons.InvalidCardReading, await Reason(missing));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, desk, Reading(certificate))).StatusCode);

        for (var i = 0; i < ReaderProtocol.MaxWaitingCardReadings; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, Reading(certificate))).StatusCode);
        }
        var tooMany = await host.Send(HttpMethod.Post, ReaderProtocol.CardReadingsPath, reader, Reading(certificate));
        Assert.Equal(((HttpStatusCode)429, RequestReasons.TooManyCardReadings), (tooMany.StatusCode, await Reason(tooMany)));
        Assert.Equal(ReaderProtocol.MaxWaitingCardReadings, (await Waiting(desk, "face-c")).Readings.Length);
    }

    private static CardReading Reading(string certificate) =>
        new(Guid.NewGuid().ToString(), "避難 花子", "石川県輪島市河井町一丁目１番地", "1958-04-01", "2", new TapCredential("jpki-card", certificate));

    private async Task<CardReadingsView> Waiting(string token, string shelter)
    {
        var response = await host.Send(HttpMethod.Get, $"/api/v1/shelters/{shelter}/card-readings", token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CardReadingsView>(HostFixture.Json))!;
    }

    private static async Task<string?> Reason(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }
}
