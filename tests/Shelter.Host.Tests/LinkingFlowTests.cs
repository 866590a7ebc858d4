using System.Net;
using System.Net.Http.Json;
using Shelter.Domain;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>The desk links a card and a phone to one person over HTTP, after a preview; shelters count the person once; unlinking undoes it.</summary>
public sealed class LinkingFlowTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_card_and_a_phone_used_apart_become_one_person_at_the_later_shelter_and_part_again()
    {
        var readerA = await host.OpenWithReader("link-a", "link-reader-a");
        var readerB = await host.OpenWithReader("link-b", "link-reader-b");
        var desk = await host.Issue("desk", "desk at link-b", shelterId: "link-b");
        using var card = host.Ca.Issue();
        using var phone = host.Ca.Issue();
        var now = DateTimeOffset.UtcNow;
        await host.PostTaps(readerA, host.Tap(card, "link-reader-a", "link-a", "check-in", now.AddMinutes(-30)));
        await host.PostTaps(readerA, host.Tap(card, "link-reader-a", "link-a", "meal", now.AddMinutes(-25)));
        await host.PostTaps(readerB, host.Tap(phone, "link-reader-b", "link-b", "check-in", now.AddMinutes(-20)));
        await host.ShelterWhen("link-b", s => s.Occupancy == 1);
        var cardId = (await host.EvacueeOf(card)).EvacueeId;
        var phoneId = (await host.EvacueeOf(phone)).EvacueeId;
        var person = await Register(desk, "link-b");

        var unconfirmed = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials", desk, new LinkCredentialRequest(phoneId, null));
        Assert.Equal((HttpStatusCode.BadRequest, "unconfirmed-link"), (unconfirmed.StatusCode, await Reason(unconfirmed)));
        var outOfScope = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials/preview", desk, new LinkCredentialRequest(cardId, null));
        Assert.Equal(HttpStatusCode.NotFound, outOfScope.StatusCode);
        var viewer = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials/preview", host.ViewerToken, new LinkCredentialRequest(phoneId, null));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);

        await Link(HostFixture.AdminToken, person, cardId);
        var preview = await Preview(desk, person, phoneId);
        Assert.Equal(("link-b", true), (preview.Evacuee.CurrentShelterId, preview.Evacuee.Provisional));
        var wrongPair = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials", desk, new LinkCredentialRequest(cardId, preview.Confirmation));
        Assert.Equal("unconfirmed-link", await Reason(wrongPair));
        var linked = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials", desk, new LinkCredentialRequest(phoneId, preview.Confirmation));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);

        await host.ShelterWhen("link-a", s => s.Occupancy == 0 && s.Arrivals == 1 && s.Departures == 0);
        await host.ShelterWhen("link-b", s => s.Occupancy == 1 && s.ProvisionalOccupants == 0 && s.Arrivals == 1);
        var merged = await host.EvacueeOf(card);
        Assert.Equal((person, "link-b", false), (merged.EvacueeId, merged.CurrentShelterId, merged.Provisional));
        Assert.Equal(new[] { cardId, phoneId }.Order(StringComparer.Ordinal), merged.Credentials!);
        var lunch = (await host.PostTaps(readerB, host.Tap(phone, "link-reader-b", "link-b", "meal", now.AddMinutes(-24)))).Single();
        Assert.Equal("meal-already-served", lunch.Reason);
        var stranger = await Register(HostFixture.AdminToken, "link-a");
        var unregistered = await host.Send(HttpMethod.Post, $"/api/v1/people/{PersonIds.New()}/credentials/preview", HostFixture.AdminToken,
            new LinkCredentialRequest(phoneId, null));
        Assert.Equal("unknown-person", await Reason(unregistered));
        var taken = await host.Send(HttpMethod.Post, $"/api/v1/people/{stranger}/credentials", HostFixture.AdminToken,
            new LinkCredentialRequest(phoneId, (await Preview(HostFixture.AdminToken, stranger, phoneId)).Confirmation));
        Assert.Equal((HttpStatusCode.Conflict, LinkRefusals.LinkedElsewhere), (taken.StatusCode, await Reason(taken)));

        var unlinked = await host.Send(HttpMethod.Delete, $"/api/v1/people/{person}/credentials/{phoneId}", desk);
        Assert.Equal(HttpStatusCode.OK, unlinked.StatusCode);
        await host.ShelterWhen("link-a", s => s.Occupancy == 1);
        await host.ShelterWhen("link-b", s => s.Occupancy == 1 && s.ProvisionalOccupants == 1);
        Assert.Equal("link-b", (await host.EvacueeOf(phone)).CurrentShelterId);
        var again = await host.Send(HttpMethod.Delete, $"/api/v1/people/{person}/credentials/{phoneId}", desk);
        Assert.Equal((HttpStatusCode.Conflict, LinkRefusals.NotLinked), (again.StatusCode, await Reason(again)));
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(readerB, host.Tap(phone, "link-reader-b", "link-b", "meal"))).Single().Status);
    }

    private async Task<string> Register(string token, string shelter)
    {
        var response = await host.Send(HttpMethod.Post, "/api/v1/people", token, new RegisterPersonRequest("testcity", shelter, "shelter", []));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.PersonId;
    }

    private async Task<LinkPreview> Preview(string token, string person, string evacueeId)
    {
        var response = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials/preview", token, new LinkCredentialRequest(evacueeId, null));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LinkPreview>(HostFixture.Json))!;
    }

    private async Task Link(string token, string person, string evacueeId)
    {
        var preview = await Preview(token, person, evacueeId);
        var response = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/credentials", token, new LinkCredentialRequest(evacueeId, preview.Confirmation));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string?> Reason(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reason").GetString();
}
