using System.Net;
using System.Net.Http.Json;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>The desk's everyday work over HTTP: a person without any credential checked in on paper, a wrong tap undone, the roll call.</summary>
public sealed class DeskFlowTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Paper_check_in_correction_and_roll_call()
    {
        var reader = await host.OpenWithReader("desk-a", "desk-reader-a");
        await host.OpenWithReader("desk-b", "desk-reader-b");
        var desk = await host.Issue("desk", "desk at desk-a", shelterId: "desk-a");
        var registered = await host.Send(HttpMethod.Post, "/api/v1/people", desk,
            new RegisterPersonRequest("testcity", "desk-a", "shelter", ["name"], Name: "紙 太郎"));
        var person = (await registered.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.PersonId;

        var paper = await DeskTap(desk, person, "check-in", "desk-a");
        Assert.Equal((TapStatusCodes.Accepted, "checked-in"), (paper.Status, paper.Outcome));
        Assert.Equal(TapStatusCodes.Duplicate, (await DeskTap(desk, person, "check-in", "desk-a", paper.TapId)).Status);
        var forbidden = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/desk-taps", desk, new DeskTapRequest("check-in", "desk-b"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/desk-taps", host.ViewerToken, new DeskTapRequest("check-in", "desk-a"))).StatusCode);

        using var card = host.Ca.Issue();
        var lunch = (await host.PostTaps(reader, host.Tap(card, "desk-reader-a", "desk-a", "check-in"), host.Tap(card, "desk-reader-a", "desk-a", "meal")))[1];
        await host.ShelterWhen("desk-a", s => s.Occupancy == 2 && s.MealsByPeriod.Values.Sum() == 1);
        var cardId = (await host.EvacueeOf(card)).EvacueeId;
        Assert.Contains((await host.EvacueeOf(card)).RecentTaps!, t => t.TapId == lunch.TapId && !t.Corrected);

        var noReason = await host.Send(HttpMethod.Post, $"/api/v1/evacuees/{cardId}/corrections", desk, new CorrectionRequest(lunch.TapId, " "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var corrected = await host.Send(HttpMethod.Post, $"/api/v1/evacuees/{cardId}/corrections", desk, new CorrectionRequest(lunch.TapId, "served to the wrong card"));
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        await host.ShelterWhen("desk-a", s => s.Occupancy == 2 && s.MealsByPeriod.Values.Sum() == 0);
        var twice = await host.Send(HttpMethod.Post, $"/api/v1/evacuees/{cardId}/corrections", desk, new CorrectionRequest(lunch.TapId, "again"));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.True((await host.EvacueeOf(card)).RecentTaps!.Single(t => t.TapId == lunch.TapId).Corrected);
        var undoPaper = await host.Send(HttpMethod.Post, $"/api/v1/evacuees/{person}/corrections", desk, new CorrectionRequest(paper.TapId, "checked in by mistake"));
        Assert.Equal(HttpStatusCode.OK, undoPaper.StatusCode);
        await host.ShelterWhen("desk-a", s => s.Occupancy == 1);
        await DeskTap(desk, person, "check-in", "desk-a");
        await host.ShelterWhen("desk-a", s => s.Occupancy == 2);

        var roll = await host.Send(HttpMethod.Get, "/api/v1/shelters/desk-a/roll-call?quietHours=0", desk);
        var call = (await roll.Content.ReadFromJsonAsync<RollCallView>(HostFixture.Json))!;
        Assert.Equal(2, call.Occupancy);
        Assert.Equal(2, call.Quiet.Length);
        Assert.Equal("紙 太郎", call.Quiet.Single(e => e.PersonId == person).Name);
        Assert.Null(call.Quiet.Single(e => e.EvacueeId == cardId).Name);
        var recent = (await (await host.Send(HttpMethod.Get, "/api/v1/shelters/desk-a/roll-call?quietHours=6", desk)).Content.ReadFromJsonAsync<RollCallView>(HostFixture.Json))!;
        Assert.Empty(recent.Quiet);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/shelters/desk-b/roll-call", desk)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Send(HttpMethod.Get, "/api/v1/shelters/desk-a/roll-call?limit=0", desk)).StatusCode);
    }

    [Fact]
    public async Task Closing_a_shelter_moves_everyone_in_it_in_one_act()
    {
        var reader = await host.OpenWithReader("close-a", "close-reader-a");
        await host.OpenWithReader("close-b", "close-reader-b");
        var cards = Enumerable.Range(0, 12).Select(i => (0xC000 + i).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await host.PostTaps(reader, [.. cards.Select(c => Credentials.DevPki.DevTaps.TemporaryCard(c, "close-reader-a", "close-a", "check-in", DateTimeOffset.UtcNow))]);
        await host.ShelterWhen("close-a", s => s.Occupancy == 12);
        var desk = await host.Issue("desk", "city desk", municipality: "testcity");

        Assert.Equal(HttpStatusCode.BadRequest,
            (await host.Send(HttpMethod.Post, "/api/v1/shelters/close-a/closing", desk, new CloseShelterRequest("close-a"))).StatusCode);
        var closing = await host.Send(HttpMethod.Post, "/api/v1/shelters/close-a/closing", desk, new CloseShelterRequest("close-b"));
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);
        var view = (await closing.Content.ReadFromJsonAsync<ClosingView>(HostFixture.Json))!;

        Assert.Equal((12, 0, "close-b"), (view.Moved, view.Remaining, view.MovedTo));
        var closed = await host.ShelterWhen("close-a", s => s.Occupancy == 0);
        Assert.Equal("closed", closed.Status);
        await host.ShelterWhen("close-b", s => s.Occupancy == 12);
        var late = await host.Send(HttpMethod.Post, ReaderProtocol.TapsPath, reader,
            new TapBatch([Credentials.DevPki.DevTaps.TemporaryCard(cards[0], "close-reader-a", "close-a", "meal", DateTimeOffset.UtcNow)]));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    private async Task<TapAnswer> DeskTap(string token, string person, string action, string shelter, string? tapId = null)
    {
        var response = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/desk-taps", token, new DeskTapRequest(action, shelter, tapId));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TapAnswer>(HostFixture.Json))!;
    }
}
