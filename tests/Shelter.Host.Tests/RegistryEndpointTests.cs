using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Host.Api;
using Shelter.Host.Registry;
using Shelter.Protocol;
using Shelter.Registry.Tests;

namespace Shelter.Host.Tests;

public class RegistryEndpointTests(HostFixture host) : IClassFixture<HostFixture>
{
    private async Task<HttpResponseMessage> Upload(string file, string query = "", string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registry/imports" + query)
        {
            Content = new ByteArrayContent(RegistryFiles.Bytes(file)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? HostFixture.AdminToken);
        return await host.Http.SendAsync(request);
    }

    private async Task<RegistryImportReport> Imported(string file, string query = "")
    {
        var response = await Upload(file, query);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RegistryImportReport>(HostFixture.Json))!;
    }

    private async Task<PlaceView[]> Places(string municipality, string? token = null)
    {
        var response = await host.Send(HttpMethod.Get, $"/api/v1/places?municipality={municipality}", token ?? host.ViewerToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlacePage>(HostFixture.Json))!.Places;
    }

    [Fact]
    public async Task An_import_is_dry_run_then_applied_and_sites_and_shelters_at_one_address_are_one_place()
    {
        // Chiyoda's, for this test alone: the other tests import the same files for Kawasaki, whose code their IDs carry.
        var dry = await Imported(RegistryFiles.GsiEmergencySites, "?dryRun=true&municipality=131016");
        Assert.Equal(("gsi-emergency-sites", "utf-8", 4, 4, false), (dry.Layout, dry.Encoding, dry.Rows, dry.Added, dry.Applied));
        Assert.Empty(await Places("131016"));

        var sites = await Imported(RegistryFiles.GsiEmergencySites, "?municipality=131016");
        var shelters = await Imported(RegistryFiles.GsiShelters, "?municipality=131016");
        var again = await Imported(RegistryFiles.GsiShelters, "?municipality=131016");

        Assert.True(sites.Applied);
        Assert.Equal(("shift_jis", 2, 2, true), (shelters.Encoding, shelters.Merged, shelters.Added, shelters.Applied));
        Assert.Equal((0, 0, 4, false), (again.Added, again.Changed, again.Unchanged, again.Applied));
        var places = await Places("131016");
        Assert.Equal(6, places.Length);
        var school = places.Single(p => p.Name == "川崎市立宮前小学校");
        Assert.Equal(("both", "not-opened", (int?)null), (school.Kind, school.Status, school.Capacity));
        Assert.Equal(["flood", "earthquake", "large-fire"], school.Hazards);
        Assert.Equal(35.5846, school.Latitude);
        Assert.Equal("emergency-site", places.Single(p => p.Name == "等々力緑地").Kind);
        Assert.True(places.Single(p => p.Name == "川崎市中原老人福祉センター").Welfare);
    }

    [Fact]
    public async Task A_file_with_unreadable_rows_imports_nothing_and_says_which_rows()
    {
        await Imported(RegistryFiles.OdfShelters);
        var before = await Places("472018");

        var response = await Upload(RegistryFiles.BadRows);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("unreadable-rows", problem.GetProperty("reason").GetString());
        var report = problem.GetProperty("report");
        Assert.False(report.GetProperty("applied").GetBoolean());
        Assert.Equal(7, report.GetProperty("unreadable").GetInt32());
        Assert.Equal(["missing-name", "bad-coordinates", "outside-japan", "bad-flag", "wrong-field-count", "duplicate-id", "missing-id"],
            report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("reason").GetString()));
        Assert.Equal(before.Length, (await Places("472018")).Length);
        Assert.DoesNotContain(await Places("141305"), p => p.ExternalIds.Contains("E1413000010"));
    }

    [Theory]
    [InlineData("名前,住所\r\n公園,東京都\r\n", "unknown-layout")]
    [InlineData("", "empty-file")]
    public async Task A_file_of_no_known_layout_is_refused_with_a_reason(string csv, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registry/imports") { Content = new StringContent(csv) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HostFixture.AdminToken);
        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Only_an_admin_imports_and_a_viewer_sees_only_its_municipality()
    {
        await Imported(RegistryFiles.OdfEmergencySites);
        var kawasaki = await host.Issue("viewer", "川崎市 閲覧", municipality: "141305");

        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(RegistryFiles.OdfEmergencySites, token: host.ViewerToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/places?municipality=011002", kawasaki)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/places/011002-0001", kawasaki)).StatusCode);
        Assert.Equal(3, (await Places("011002")).Length);
    }

    [Fact]
    public async Task A_place_is_opened_with_a_time_takes_taps_is_closed_and_then_refuses_them()
    {
        await Imported(RegistryFiles.GsiShelters, "?municipality=141305");
        var opened = DateTimeOffset.UtcNow.AddMinutes(-30);

        var open = await host.Send(HttpMethod.Post, "/api/v1/places/1413010004/open", HostFixture.AdminToken, new OpenPlaceRequest(At: opened));
        var shelter = (await open.Content.ReadFromJsonAsync<ShelterView>(HostFixture.Json))!;

        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        Assert.Equal(("open", (int?)null, "川崎市立井田小学校"), (shelter.Status, shelter.Capacity, shelter.Name));
        Assert.Equal(opened.ToUnixTimeMilliseconds(), shelter.OpenedAt!.Value.ToUnixTimeMilliseconds());
        var place = (await (await host.Send(HttpMethod.Get, "/api/v1/places/1413010004", host.ViewerToken)).Content.ReadFromJsonAsync<PlaceView>(HostFixture.Json))!;
        Assert.Equal("open", place.Status);

        var register = await host.Send(HttpMethod.Post, "/api/v1/shelters/1413010004/readers", HostFixture.AdminToken, new RegisterReaderRequest("ida-door"));
        var reader = (await register.Content.ReadFromJsonAsync<ReaderRegistrationResponse>(HostFixture.Json))!.Token;
        using var person = host.Ca.Issue();
        var answer = Assert.Single(await host.PostTaps(reader, host.Tap(person, "ida-door", "1413010004", "check-in")));
        Assert.Equal("accepted", answer.Status);

        var closedAt = DateTimeOffset.UtcNow;
        var close = await host.Send(HttpMethod.Post, "/api/v1/places/1413010004/close", HostFixture.AdminToken, new ClosePlaceRequest(closedAt));
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal("closed", (await close.Content.ReadFromJsonAsync<ShelterView>(HostFixture.Json))!.Status);
        var refused = await host.Send(HttpMethod.Post, ReaderProtocol.TapsPathOf(ReaderProtocol.V1), reader,
            new TapBatch([host.Tap(person, "ida-door", "1413010004", "meal")]));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(RequestReasons.ShelterNotOpen, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        place = (await (await host.Send(HttpMethod.Get, "/api/v1/places/1413010004", host.ViewerToken)).Content.ReadFromJsonAsync<PlaceView>(HostFixture.Json))!;
        Assert.Equal(("closed", closedAt.ToUnixTimeMilliseconds()), (place.Status, place.ClosedAt!.Value.ToUnixTimeMilliseconds()));

        var reopen = await host.Send(HttpMethod.Post, "/api/v1/places/1413010004/open", HostFixture.AdminToken, new OpenPlaceRequest());
        Assert.Equal(HttpStatusCode.Created, reopen.StatusCode);
        Assert.Equal("accepted", Assert.Single(await host.PostTaps(reader, host.Tap(person, "ida-door", "1413010004", "meal"))).Status);
    }

    [Fact]
    public async Task An_emergency_site_opens_only_when_asked_to_and_capacity_set_later_reaches_the_open_shelter()
    {
        await Imported(RegistryFiles.GsiEmergencySites);

        var refused = await host.Send(HttpMethod.Post, "/api/v1/places/E1413000002/open", HostFixture.AdminToken, new OpenPlaceRequest());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("not-a-designated-shelter", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        var opened = await host.Send(HttpMethod.Post, "/api/v1/places/E1413000002/open", HostFixture.AdminToken, new OpenPlaceRequest(EvenIfNotDesignated: true));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);

        var set = await host.Send(HttpMethod.Put, "/api/v1/places/E1413000002/capacity", HostFixture.AdminToken, new PlaceCapacityRequest(2000));
        Assert.Equal(2000, (await set.Content.ReadFromJsonAsync<PlaceView>(HostFixture.Json))!.Capacity);
        Assert.Equal(2000, (await host.ShelterWhen("E1413000002", v => v.Capacity == 2000)).Capacity);
    }

    [Fact]
    public async Task Acts_on_places_refuse_bad_input_with_reasons()
    {
        await Imported(RegistryFiles.OdfShelters);

        async Task<string?> Reason(HttpMethod method, string path, object? body) =>
            (await (await host.Send(method, path, HostFixture.AdminToken, body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString();

        Assert.Equal("unknown-place", await Reason(HttpMethod.Post, "/api/v1/places/nowhere/open", new OpenPlaceRequest()));
        Assert.Equal("invalid-time", await Reason(HttpMethod.Post, "/api/v1/places/472018-S001/open", new OpenPlaceRequest(At: DateTimeOffset.UtcNow.AddHours(2))));
        Assert.Equal("invalid-capacity", await Reason(HttpMethod.Post, "/api/v1/places/472018-S001/open", new OpenPlaceRequest(Capacity: 0)));
        Assert.Equal("invalid-time-zone", await Reason(HttpMethod.Post, "/api/v1/places/472018-S001/open", new OpenPlaceRequest(TimeZone: "Mars/Olympus")));
        Assert.Equal("not-open", await Reason(HttpMethod.Post, "/api/v1/places/472018-S002/close", new ClosePlaceRequest()));
        Assert.Equal("invalid-capacity", await Reason(HttpMethod.Put, "/api/v1/places/472018-S001/capacity", new PlaceCapacityRequest(null)));
        Assert.Equal("invalid-municipality", (await (await Upload(RegistryFiles.OdfShelters, "?municipality=12")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }
}
