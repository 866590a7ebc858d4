using System.Net;
using System.Net.Http.Json;
using Shelter.Host.Api;

namespace Shelter.Host.Tests;

/// <summary>
/// A municipality's people as counts: where they stay (people at home or in cars count too, as they draw meals and
/// supplies) and their special needs; officers in scope see them, others do not; an erasure keeps the person counted.
/// </summary>
public sealed class PeopleCountsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Counts_by_stay_and_need_follow_registrations_and_erasures()
    {
        var infant = await Register("count-city", "shelter", new SpecialNeedView("infant", "8"), new SpecialNeedView("allergy", "そば"));
        await Register("count-city", "home", new SpecialNeedView("elderly"));
        await Register("count-city", "car");
        await Register("count-town", "home", new SpecialNeedView("infant"));
        var officer = await host.Issue("viewer", "count-city officer", municipality: "count-city");
        var stranger = await host.Issue("viewer", "count-town officer", municipality: "count-town");

        var counts = await Counts(officer);
        Assert.Equal(3, counts.Registered);
        Assert.Equal(new Dictionary<string, int> { ["car"] = 1, ["home"] = 1, ["shelter"] = 1 }, counts.ByStay);
        Assert.Equal(new Dictionary<string, int> { ["allergy"] = 1, ["elderly"] = 1, ["infant"] = 1 }, counts.ByNeed);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/municipalities/count-city/people-counts", stranger)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Send(HttpMethod.Get, "/api/v1/municipalities/NOT%20OK/people-counts", HostFixture.AdminToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Delete, $"/api/v1/people/{infant}", HostFixture.AdminToken)).StatusCode);
        var after = await Counts(officer);
        Assert.Equal((3, 1), (after.Registered, after.ByStay["shelter"]));
        Assert.Equal(new Dictionary<string, int> { ["elderly"] = 1 }, after.ByNeed);
    }

    private async Task<string> Register(string municipality, string stay, params SpecialNeedView[] needs)
    {
        var response = await host.Send(HttpMethod.Post, "/api/v1/people", HostFixture.AdminToken,
            new RegisterPersonRequest(municipality, null, stay, needs.Length == 0 ? [] : ["needs"], Needs: needs.Length == 0 ? null : needs));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.PersonId;
    }

    private async Task<PeopleCountsView> Counts(string token)
    {
        var response = await host.Send(HttpMethod.Get, "/api/v1/municipalities/count-city/people-counts", token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PeopleCountsView>(HostFixture.Json))!;
    }
}
