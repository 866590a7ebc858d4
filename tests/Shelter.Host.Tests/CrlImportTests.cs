using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Credentials.DevPki;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// Operators import CRLs through the admin API at run time: the listed certificate is refused from then on, an older
/// or foreign CRL is refused with its reason, and a CRL past its next update makes <c>/health</c> say so.
/// </summary>
public sealed class CrlImportTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_imported_crl_revokes_at_once_and_an_overdue_one_is_reported()
    {
        var reader = await host.OpenWithReader("crl-hall", "crl-door");
        using var lost = host.Ca.Issue();
        using var kept = host.Ca.Issue();
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(reader, host.Tap(lost, "crl-door", "crl-hall", "check-in"))).Single().Status);
        var now = DateTimeOffset.UtcNow;

        var first = await Import(HostFixture.AdminToken, host.Ca.CreateCrl([lost.CertificateDer], now.AddDays(-10), now.AddDays(-11), now.AddDays(7)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var view = (await first.Content.ReadFromJsonAsync<CrlView>(HostFixture.Json))!;
        Assert.Equal((1, false), (view.RevokedCount, view.Overdue));
        Assert.Equal("revoked", (await host.PostTaps(reader, host.Tap(lost, "crl-door", "crl-hall", "meal"))).Single().Reason);
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(reader, host.Tap(kept, "crl-door", "crl-hall", "check-in"))).Single().Status);
        Assert.Equal("Healthy", await Revocation());

        var older = await Import(HostFixture.AdminToken, host.Ca.CreateCrl([], now.AddDays(-20), nextUpdate: now.AddDays(-13)));
        Assert.Equal((HttpStatusCode.Conflict, "older-crl"), (older.StatusCode, await Reason(older)));
        using var stranger = DevCertificateAuthority.Create();
        var foreign = await Import(HostFixture.AdminToken, stranger.CreateCrl([]));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-crl"), (foreign.StatusCode, await Reason(foreign)));
        var garbage = await Import(HostFixture.AdminToken, [0x30, 0x03, 0x02, 0x01, 0x01]);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-crl"), (garbage.StatusCode, await Reason(garbage)));
        var empty = await Import(HostFixture.AdminToken, []);
        Assert.Equal((HttpStatusCode.BadRequest, "missing-body"), (empty.StatusCode, await Reason(empty)));
        var desk = await host.Issue("desk", "desk at crl-hall", shelterId: "crl-hall");
        Assert.Equal(HttpStatusCode.Forbidden, (await Import(desk, host.Ca.CreateCrl([]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/api/v1/crls", desk)).StatusCode);

        // A newer CRL whose next update has passed: still in force (it revokes what it lists), and reported as overdue.
        var overdue = await Import(HostFixture.AdminToken, host.Ca.CreateCrl([lost.CertificateDer], now.AddDays(-5), now.AddDays(-11), now.AddDays(-1)));
        Assert.Equal(HttpStatusCode.Created, overdue.StatusCode);
        Assert.True((await overdue.Content.ReadFromJsonAsync<CrlView>(HostFixture.Json))!.Overdue);
        var crls = await host.Send(HttpMethod.Get, "/api/v1/crls", HostFixture.AdminToken);
        var listed = Assert.Single((await crls.Content.ReadFromJsonAsync<CrlView[]>(HostFixture.Json))!);
        Assert.True(listed.Overdue);
        Assert.Equal("Degraded", await Revocation());
        Assert.Equal("revoked", (await host.PostTaps(reader, host.Tap(lost, "crl-door", "crl-hall", "meal"))).Single().Reason);
        // Every node warns from its follower, which reads the archive within seconds of the import.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!host.Log.Warnings.Any(line => line.Contains("was due for its next update", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains(host.Log.Warnings, line => line.Contains("was due for its next update", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> Import(string token, byte[] crl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/crls") { Content = new ByteArrayContent(crl) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pkix-crl");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    private async Task<string> Revocation()
    {
        using var health = JsonDocument.Parse(await host.Http.GetStringAsync("/health"));
        return health.RootElement.GetProperty("checks").GetProperty("revocation").GetProperty("status").GetString()!;
    }

    private static async Task<string?> Reason(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }
}
