using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Access;
using Shelter.Credentials.DevPki;
using Shelter.Host.Api;
using Shelter.Host.Dashboard;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// Every endpoint and the hub with each role: allowed where it must be, refused where it must be (wrong role, other
/// shelter or municipality, revoked, disabled reader, expired token or code), each refusal with its reason.
/// </summary>
public sealed class AccessTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Shelter = "acc-a";
    private const string OtherShelter = "acc-b";
    private const string Municipality = "acc-city";
    private const string OtherMunicipality = "acc-elsewhere";

    private sealed record Tokens(string Reader, string DeskShelter, string DeskMunicipality, string DeskOther, string Enquiry, string ViewerAll,
        string ViewerMunicipality, string ViewerOther, string Revoked);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Tokens? _tokens;

    private async Task<Tokens> Prepare()
    {
        await Once.WaitAsync();
        try
        {
            if (_tokens is not null)
            {
                return _tokens;
            }
            var reader = await host.OpenWithReader(Shelter, "acc-reader", Municipality);
            await host.OpenWithReader(OtherShelter, "acc-reader-b", OtherMunicipality);
            var revoked = await host.Issue("viewer", "leaver");
            var revokedId = await IdOf(revoked);
            Assert.Equal(HttpStatusCode.NoContent, (await host.Send(HttpMethod.Delete, $"/api/v1/tokens/{revokedId}", HostFixture.AdminToken)).StatusCode);
            _tokens = new Tokens(reader,
                await host.Issue("desk", "desk at A", shelterId: Shelter),
                await host.Issue("desk", "city desk", municipality: Municipality),
                await host.Issue("desk", "desk elsewhere", municipality: OtherMunicipality),
                await host.Issue("enquiry", "enquiry desk", municipality: Municipality),
                host.ViewerToken,
                await host.Issue("viewer", "city viewer", municipality: Municipality),
                await host.Issue("viewer", "other viewer", municipality: OtherMunicipality),
                revoked);
            return _tokens;
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<string> IdOf(string token)
    {
        var list = await (await host.Send(HttpMethod.Get, "/api/v1/tokens", HostFixture.AdminToken)).Content.ReadFromJsonAsync<TokenView[]>(HostFixture.Json);
        return list!.Single(t => token.Contains("_" + t.Id + "_", StringComparison.Ordinal)).Id;
    }

    private static async Task<string?> Reason(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
    }

    private async Task Expect(HttpMethod method, string path, string? token, HttpStatusCode status, string? reason = null, object? body = null)
    {
        using var response = await host.Send(method, path, token, body);
        Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (reason is not null)
        {
            Assert.Equal(reason, await Reason(response));
        }
    }

    public static TheoryData<string, string, string, int, string?> Matrix() => new()
    {
        // method, path, who, status, reason
        { "GET", $"/api/v1/shelters/{Shelter}", "none", 401, "unauthenticated" },
        { "GET", $"/api/v1/shelters/{Shelter}", "garbage", 401, "invalid-token" },
        { "GET", $"/api/v1/shelters/{Shelter}", "revoked", 401, "token-revoked" },
        { "GET", $"/api/v1/shelters/{Shelter}", "reader", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}", "viewer-all", 200, null },
        { "GET", $"/api/v1/shelters/{Shelter}", "viewer-municipality", 200, null },
        { "GET", $"/api/v1/shelters/{Shelter}", "viewer-other", 403, "out-of-scope" },
        { "GET", $"/api/v1/shelters/{Shelter}", "desk-shelter", 200, null },
        { "GET", $"/api/v1/shelters/{OtherShelter}", "desk-shelter", 403, "out-of-scope" },
        { "GET", $"/api/v1/municipalities/{Municipality}", "viewer-municipality", 200, null },
        { "GET", $"/api/v1/municipalities/{Municipality}", "viewer-other", 403, "out-of-scope" },
        { "GET", $"/api/v1/municipalities/{Municipality}", "desk-shelter", 403, "out-of-scope" },
        { "GET", $"/api/v1/municipalities/{Municipality}", "admin", 200, null },
        { "GET", "/api/v1/dashboard", "viewer-municipality", 200, null },
        { "GET", "/api/v1/dashboard?scope=all", "viewer-municipality", 403, "out-of-scope" },
        { "GET", $"/api/v1/dashboard?scope=municipality:{OtherMunicipality}", "viewer-municipality", 403, "out-of-scope" },
        { "GET", "/api/v1/dashboard?scope=all", "viewer-all", 200, null },
        { "GET", "/api/v1/dashboard", "reader", 403, "forbidden" },
        { "GET", $"/api/v1/evacuees/{new string('a', 64)}", "viewer-all", 403, "forbidden" },
        { "GET", $"/api/v1/evacuees/{new string('a', 64)}", "enquiry", 404, "unknown-evacuee" },
        { "GET", $"/api/v1/evacuees/{new string('a', 64)}", "none", 401, "unauthenticated" },
        { "POST", "/api/v1/shelters", "desk-municipality", 403, "forbidden" },
        { "POST", "/api/v1/shelters", "viewer-all", 403, "forbidden" },
        { "POST", $"/api/v1/shelters/{Shelter}/supplies", "desk-shelter", 200, null },
        { "POST", $"/api/v1/shelters/{Shelter}/supplies", "desk-other", 403, "out-of-scope" },
        { "POST", $"/api/v1/shelters/{Shelter}/supplies", "viewer-all", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}/readers", "desk-shelter", 200, null },
        { "GET", $"/api/v1/shelters/{Shelter}/readers", "desk-municipality", 200, null },
        { "GET", $"/api/v1/shelters/{Shelter}/readers", "desk-other", 403, "out-of-scope" },
        { "GET", $"/api/v1/shelters/{Shelter}/readers", "enquiry", 403, "forbidden" },
        { "POST", $"/api/v1/shelters/{Shelter}/readers/acc-new/registration-codes", "desk-shelter", 201, null },
        { "POST", $"/api/v1/shelters/{OtherShelter}/readers/acc-new2/registration-codes", "desk-shelter", 403, "out-of-scope" },
        { "POST", $"/api/v1/shelters/{Shelter}/readers/acc-reader-b/registration-codes", "desk-shelter", 409, "reader-registered-elsewhere" },
        { "POST", $"/api/v1/shelters/{Shelter}/readers/acc-new3/registration-codes", "viewer-all", 403, "forbidden" },
        { "GET", "/api/v1/tokens", "admin", 200, null },
        { "GET", "/api/v1/tokens", "desk-municipality", 403, "forbidden" },
        { "GET", "/api/v1/tokens", "none", 401, "unauthenticated" },
        { "POST", "/api/v1/tokens", "desk-municipality", 403, "forbidden" },
        { "DELETE", "/api/v1/tokens/nosuchtoken", "admin", 404, "unknown-token" },
        { "POST", ReaderProtocol.TapsPath, "viewer-all", 403, "forbidden" },
        { "POST", ReaderProtocol.TapsPath, "admin", 403, "forbidden" },
        { "POST", ReaderProtocol.TapsPath, "desk-shelter", 403, "forbidden" },
        { "GET", "/api/v1/session", "viewer-municipality", 200, null },
        { "GET", "/api/v1/session", "none", 401, "unauthenticated" },
        { "POST", "/api/v1/people", "desk-shelter", 201, null },
        { "POST", "/api/v1/people", "desk-other", 403, "out-of-scope" },
        { "POST", "/api/v1/people", "enquiry", 403, "forbidden" },
        { "POST", "/api/v1/people", "viewer-all", 403, "forbidden" },
        { "POST", "/api/v1/people", "reader", 403, "forbidden" },
        { "GET", "/api/v1/people?name=x&birthDate=2000-01-01", "desk-municipality", 200, null },
        { "GET", "/api/v1/people?name=x&birthDate=2000-01-01", "enquiry", 403, "forbidden" },
        { "GET", "/api/v1/people?name=x&birthDate=2000-01-01", "viewer-all", 403, "forbidden" },
        { "POST", "/api/v1/evacuees/lookup", "desk-shelter", 400, "invalid-credential" },
        { "POST", "/api/v1/evacuees/lookup", "enquiry", 403, "forbidden" },
        { "POST", "/api/v1/evacuees/lookup", "viewer-all", 403, "forbidden" },
        { "POST", "/api/v1/evacuees/lookup", "reader", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}/roll-call", "desk-shelter", 200, null },
        { "GET", $"/api/v1/shelters/{Shelter}/roll-call", "desk-other", 403, "out-of-scope" },
        { "GET", $"/api/v1/shelters/{Shelter}/roll-call", "enquiry", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}/roll-call", "viewer-all", 403, "forbidden" },
        { "POST", $"/api/v1/shelters/{OtherShelter}/closing", "desk-shelter", 403, "out-of-scope" },
        { "POST", $"/api/v1/shelters/{Shelter}/closing", "viewer-all", 403, "forbidden" },
        { "PUT", $"/api/v1/evacuees/{new string('a', 64)}/hold", "desk-other", 404, "unknown-evacuee" },
        { "PUT", $"/api/v1/evacuees/{new string('a', 64)}/hold", "viewer-all", 403, "forbidden" },
        { "PUT", $"/api/v1/evacuees/{new string('a', 64)}/hold", "reader", 403, "forbidden" },
        { "POST", $"/api/v1/people/p-{new string('0', 32)}/desk-taps", "enquiry", 403, "forbidden" },
        { "POST", $"/api/v1/evacuees/{new string('a', 64)}/corrections", "viewer-all", 403, "forbidden" },
        { "POST", "/api/v1/temporary-cards/0123456789abcdef/withdrawal", "viewer-all", 403, "forbidden" },
        { "POST", $"/api/v1/people/p-{new string('0', 32)}/credentials/preview", "enquiry", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}/card-readings", "desk-shelter", 200, null },
        { "GET", $"/api/v1/shelters/{Shelter}/card-readings", "desk-other", 403, "out-of-scope" },
        { "GET", $"/api/v1/shelters/{Shelter}/card-readings", "enquiry", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}/card-readings", "viewer-all", 403, "forbidden" },
        { "GET", $"/api/v1/shelters/{Shelter}/card-readings", "reader", 403, "forbidden" },
        { "DELETE", $"/api/v1/shelters/{Shelter}/card-readings/{Guid.Empty}", "desk-shelter", 404, "unknown-card-reading" },
        { "DELETE", $"/api/v1/shelters/{Shelter}/card-readings/{Guid.Empty}", "viewer-all", 403, "forbidden" },
        { "POST", $"/api/v1/people/p-{new string('0', 32)}/credentials/from-reading", "desk-shelter", 400, "missing-reading" },
        { "POST", $"/api/v1/people/p-{new string('0', 32)}/credentials/from-reading", "enquiry", 403, "forbidden" },
        { "POST", $"/api/v1/people/p-{new string('0', 32)}/credentials/from-reading", "reader", 403, "forbidden" },
        { "POST", "/api/v2/card-readings", "reader", 400, "invalid-card-reading" },
        { "POST", "/api/v2/card-readings", "desk-shelter", 403, "forbidden" },
        { "POST", "/api/v2/card-readings", "admin", 403, "forbidden" },
        { "POST", "/api/v2/card-readings", "none", 401, "unauthenticated" },
        { "GET", "/api/v1/crls", "admin", 200, null },
        { "GET", "/api/v1/crls", "desk-municipality", 403, "forbidden" },
        { "GET", "/api/v1/crls", "viewer-all", 403, "forbidden" },
        { "POST", "/api/v1/crls", "admin", 400, "missing-body" },
        { "POST", "/api/v1/crls", "reader", 403, "forbidden" },
        { "GET", $"/api/v1/municipalities/{Municipality}/people-counts", "viewer-municipality", 200, null },
        { "GET", $"/api/v1/municipalities/{OtherMunicipality}/people-counts", "viewer-municipality", 403, "out-of-scope" },
        { "GET", "/api/v1/municipalities/testcity/people-counts", "reader", 403, "forbidden" },
        { "GET", "/api/v1/disaster-closings", "admin", 200, null },
        { "GET", "/api/v1/disaster-closings", "desk-municipality", 403, "forbidden" },
        { "POST", "/api/v1/municipalities/testcity/disaster-closings", "desk-municipality", 403, "forbidden" },
        { "POST", "/api/v1/municipalities/testcity/disaster-closings", "viewer-all", 403, "forbidden" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_reaches_what_it_may_and_is_refused_the_rest(string method, string path, string who, int status, string? reason)
    {
        var tokens = await Prepare();
        var token = who switch
        {
            "none" => null,
            "garbage" => "svwr_aaaaaaaaaaaaaaaa_" + new string('0', 64),
            "admin" => HostFixture.AdminToken,
            "reader" => tokens.Reader,
            "desk-shelter" => tokens.DeskShelter,
            "desk-municipality" => tokens.DeskMunicipality,
            "desk-other" => tokens.DeskOther,
            "enquiry" => tokens.Enquiry,
            "viewer-all" => tokens.ViewerAll,
            "viewer-municipality" => tokens.ViewerMunicipality,
            "viewer-other" => tokens.ViewerOther,
            "revoked" => tokens.Revoked,
            _ => throw new ArgumentException(who),
        };
        object? body = (method, path) switch
        {
            ("POST", "/api/v1/shelters") => new OpenShelterRequest("acc-x", "x", 10, Municipality, null),
            ("POST", "/api/v1/tokens") => new IssueTokenRequest("viewer", "x", null, null, null),
            ("POST", var p) when p.EndsWith("/supplies", StringComparison.Ordinal) => new SupplyReportRequest("blankets", 10, 0),
            ("POST", ReaderProtocol.TapsPath) => new TapBatch([]),
            ("POST", "/api/v1/people") => new RegisterPersonRequest(Municipality, Shelter, "shelter", []),
            _ => null,
        };
        await Expect(new HttpMethod(method), path, token, (HttpStatusCode)status, reason, body);
    }

    [Fact]
    public async Task A_request_without_a_good_token_is_refused_before_its_body_is_read()
    {
        await Prepare();
        using var malformed = await host.Send(HttpMethod.Post, "/api/v1/shelters", null, rawBody: "{\"id\":");
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        using var wrong = await host.Send(HttpMethod.Post, "/api/v1/shelters", "svwr_aaaaaaaaaaaaaaaa_" + new string('1', 64), rawBody: "{\"id\":");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid-token", await Reason(wrong));
    }

    [Fact]
    public async Task A_station_enrols_with_a_one_time_code_and_a_disabled_reader_is_refused()
    {
        var tokens = await Prepare();
        using var issued = await host.Send(HttpMethod.Post, $"/api/v1/shelters/{Shelter}/readers/acc-station/registration-codes", tokens.DeskShelter);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var code = (await issued.Content.ReadFromJsonAsync<RegistrationCodeView>(HostFixture.Json))!;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code.Code);

        // Typed in lower case with spaces, as a volunteer might.
        using var enrolled = await host.Send(HttpMethod.Post, "/api/v1/readers/enrol", null, new EnrolRequest(code.Code.ToLowerInvariant().Replace('-', ' ')));
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var station = (await enrolled.Content.ReadFromJsonAsync<ReaderRegistrationResponse>(HostFixture.Json))!;
        Assert.Equal(("acc-station", Shelter), (station.ReaderId, station.ShelterId));
        using var again = await host.Send(HttpMethod.Post, "/api/v1/readers/enrol", null, new EnrolRequest(code.Code));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid-registration-code", await Reason(again));

        using var tap = await host.Send(HttpMethod.Post, ReaderProtocol.TapsPath, station.Token, new TapBatch(
            [DevTaps.TemporaryCard("00000000000000aa", "acc-station", Shelter, "check-in", DateTimeOffset.UtcNow)]));
        Assert.Equal(HttpStatusCode.OK, tap.StatusCode);
        var readers = await (await host.Send(HttpMethod.Get, $"/api/v1/shelters/{Shelter}/readers", tokens.DeskShelter)).Content.ReadFromJsonAsync<ReaderView[]>(HostFixture.Json);
        var seen = readers!.Single(r => r.ReaderId == "acc-station");
        Assert.False(seen.Disabled);
        Assert.NotNull(seen.LastContact);
        Assert.Equal(ReaderProtocol.V1, seen.ProtocolVersion);

        await Expect(HttpMethod.Delete, $"/api/v1/shelters/{Shelter}/readers/acc-station", tokens.DeskShelter, HttpStatusCode.NoContent);
        await Expect(HttpMethod.Post, ReaderProtocol.TapsPath, station.Token, HttpStatusCode.Unauthorized, "token-revoked", new TapBatch([]));
        readers = await (await host.Send(HttpMethod.Get, $"/api/v1/shelters/{Shelter}/readers", tokens.DeskShelter)).Content.ReadFromJsonAsync<ReaderView[]>(HostFixture.Json);
        Assert.True(readers!.Single(r => r.ReaderId == "acc-station").Disabled);
        await Expect(HttpMethod.Delete, $"/api/v1/shelters/{Shelter}/readers/nobody", tokens.DeskShelter, HttpStatusCode.NotFound, "unknown-reader");
    }

    [Fact]
    public async Task Expired_tokens_and_codes_are_refused_with_their_reason()
    {
        await Prepare();
        var store = host.Services.GetRequiredService<AccessStore>();
        var (id, text, hash) = TokenSecret.Create(AccessRole.Viewer);
        var past = DateTimeOffset.UtcNow.AddDays(-1);
        await store.Add(new AccessToken(id, AccessRole.Viewer, "expired viewer", AccessScope.Everything, hash, past.AddDays(-1), "test", past));
        await Expect(HttpMethod.Get, $"/api/v1/shelters/{Shelter}", text, HttpStatusCode.Unauthorized, "token-expired");

        var (code, codeHash) = RegistrationCodes.Create();
        await store.AddCode(codeHash, new RegistrationCode(Shelter, "acc-late", past, "test"));
        await Expect(HttpMethod.Post, "/api/v1/readers/enrol", null, HttpStatusCode.BadRequest, "invalid-registration-code", new EnrolRequest(code));
    }

    [Fact]
    public async Task Admin_and_reader_tokens_do_not_sign_in_to_a_page_and_a_session_cookie_is_strict()
    {
        var tokens = await Prepare();
        await Expect(HttpMethod.Post, "/api/v1/session", null, HttpStatusCode.Forbidden, "role-not-for-browser", new SignInRequest(HostFixture.AdminToken));
        await Expect(HttpMethod.Post, "/api/v1/session", null, HttpStatusCode.Forbidden, "role-not-for-browser", new SignInRequest(tokens.Reader));
        await Expect(HttpMethod.Post, "/api/v1/session", null, HttpStatusCode.Unauthorized, "token-revoked", new SignInRequest(tokens.Revoked));

        using var signIn = await host.Send(HttpMethod.Post, "/api/v1/session", null, new SignInRequest(tokens.ViewerMunicipality));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("shelter-session=", cookie, StringComparison.Ordinal);
        foreach (var flag in new[] { "secure", "httponly", "samesite=strict", "path=/" })
        {
            Assert.Contains(flag, cookie.ToLowerInvariant().Split(';').Select(p => p.Trim()));
        }
        var session = (await signIn.Content.ReadFromJsonAsync<SessionView>(HostFixture.Json))!;
        Assert.Equal(("viewer", Municipality), (session.Role, session.Scope.Municipality));
        Assert.DoesNotContain(tokens.ViewerMunicipality, cookie, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/shelters/{Shelter}");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_strangers_at_negotiate_and_keeps_each_viewer_in_its_scope()
    {
        var tokens = await Prepare();
        using var negotiate = await host.Send(HttpMethod.Post, DashboardHub.Path + "/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        using var readerNegotiate = await host.Send(HttpMethod.Post, DashboardHub.Path + "/negotiate?negotiateVersion=1", tokens.Reader);
        Assert.Equal(HttpStatusCode.Forbidden, readerNegotiate.StatusCode);

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Http.BaseAddress!, DashboardHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokens.ViewerMunicipality))
            .AddJsonProtocol(json => json.PayloadSerializerOptions = HostFixture.Json)
            .Build();
        await connection.StartAsync();
        var view = await connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.Municipality(Municipality));
        Assert.All(view.Shelters, s => Assert.Equal(Municipality, s.Municipality));
        var all = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.All));
        Assert.Contains("out-of-scope", all.Message, StringComparison.Ordinal);
        var other = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.Shelter(OtherShelter)));
        Assert.Contains("out-of-scope", other.Message, StringComparison.Ordinal);
        await connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.Shelter(Shelter));
        for (var i = 0; i < HubSessions.MaxScopesPerConnection - 2; i++)
        {
            await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken, new OpenShelterRequest($"acc-s{i}", "s", 5, Municipality, null));
            await connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.Shelter($"acc-s{i}"));
        }
        await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken, new OpenShelterRequest("acc-s-extra", "s", 5, Municipality, null));
        var many = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.Shelter("acc-s-extra")));
        Assert.Contains("too-many-scopes", many.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_sends_too_fast_gets_429_with_retry_after()
    {
        var token = await host.Issue("viewer", "hasty viewer");
        var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => host.Send(HttpMethod.Get, "/api/v1/session", token)));
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.NotEmpty(limited);
        Assert.True(limited[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("rate-limited", await Reason(limited[0]));
        // Another token is not slowed by this one.
        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Get, "/api/v1/session", host.ViewerToken)).StatusCode);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        foreach (var path in new[] { "/", "/api/v1/session", "/ready" })
        {
            using var response = await host.Send(HttpMethod.Get, path, null);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }
}
