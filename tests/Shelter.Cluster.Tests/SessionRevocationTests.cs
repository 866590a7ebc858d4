using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shelter.Credentials.DevPki;
using Shelter.Host.Tests;

namespace Shelter.Cluster.Tests;

/// <summary>Needs both PostgreSQL and Chromium; skipped, saying why, without either, except in CI, where both must be there.</summary>
public sealed class BrowserClusterFactAttribute : FactAttribute
{
    public BrowserClusterFactAttribute()
    {
        Skip = new PostgresFactAttribute().Skip ?? new ChromiumFactAttribute().Skip;
    }
}

/// <summary>
/// Two nodes on one PostgreSQL database: a viewer signs in on one, the same session cookie opens the dashboard on the
/// other (Data Protection keys shared through the database), and revoking the token on either node ends the session
/// on both pages.
/// </summary>
public sealed class SessionRevocationTests : IDisposable
{
    private const string AdminToken = "session-admin-token-for-tests-only-0123456789";

    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-sessions-").FullName;
    private readonly List<ClusterNode> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private ClusterDatabase? _database;

    [BrowserClusterFact]
    public async Task Revoking_a_token_ends_its_session_on_every_node()
    {
        _database = await ClusterDatabase.Create("shelter_sessions");
        using var ca = DevCertificateAuthority.Create();
        var caFile = await ClusterNode.TrustAnchorFile(ca, _dir);
        _nodes.AddRange(await ClusterNode.StartCluster(2, _dir, _database.ConnectionString, caFile, AdminToken, _http));
        await _http.Admin(AdminToken, HttpMethod.Post, _nodes[0], "/api/v1/shelters", new { id = "sess", name = "避難所 sess", capacity = 50, municipality = "sessions" });
        var issued = await _http.Admin(AdminToken, HttpMethod.Post, _nodes[0], "/api/v1/tokens", new { role = "viewer", name = "two-node viewer" });
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json);
        var (viewer, tokenId) = (body.GetProperty("token").GetString()!, body.GetProperty("id").GetString()!);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP" });
        var urls = new List<string>();
        context.Request += (_, request) => urls.Add(request.Url);
        var first = await context.NewPageAsync();
        await first.GotoAsync(_nodes[0].Url.ToString());
        await first.FillAsync("#token", viewer);
        await first.ClickAsync("#signin-button");
        await Assertions.Expect(first.Locator("#status")).ToHaveTextAsync("オンライン");

        // Cookies are per host, not per port: the second node gets the cookie the first made, and must read it.
        var second = await context.NewPageAsync();
        await second.GotoAsync(_nodes[1].Url.ToString());
        await Assertions.Expect(second.Locator("#status")).ToHaveTextAsync("オンライン", new() { Timeout = 15_000 });
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "shelter-session");
        foreach (var node in _nodes)
        {
            Assert.Equal(HttpStatusCode.OK, await SessionStatus(node, cookie.Value));
        }

        await _http.Admin(AdminToken, HttpMethod.Delete, _nodes[1], $"/api/v1/tokens/{tokenId}");
        foreach (var page in new[] { first, second })
        {
            await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }
        foreach (var node in _nodes)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await NodeHttp.Eventually(() => SessionStatus(node, cookie.Value), s => s == HttpStatusCode.Unauthorized));
        }
        Assert.DoesNotContain(urls, url => url.Contains(viewer, StringComparison.Ordinal) || url.Contains(tokenId, StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> SessionStatus(ClusterNode node, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.Url, "/api/v1/session"));
        request.Headers.Add("Cookie", "shelter-session=" + cookie);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        _http.Dispose();
        _database?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
