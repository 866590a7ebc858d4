using Microsoft.Playwright;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// The dashboard in a real headless Chromium, driven by Playwright: sign in, post taps through the reader API, and
/// see the numbers change without a reload; the session is a strict HttpOnly cookie, no token is in any URL or in
/// storage, and revoking the token sends the page back to sign-in. Saves a screenshot to artifacts/dashboard.png.
/// </summary>
public sealed class DashboardBrowserTests(HostFixture host) : IClassFixture<HostFixture>
{
    [ChromiumFact]
    public async Task The_page_signs_in_and_updates_live_as_taps_arrive()
    {
        var north = await host.OpenWithReader("browser-1", "browser-r1", municipality: "wajima", capacity: 40);
        var south = await host.OpenWithReader("browser-2", "browser-r2", municipality: "wajima", capacity: 30);
        var stock = await host.Send(HttpMethod.Post, "/api/v1/shelters/browser-1/supplies", HostFixture.AdminToken, new Api.SupplyReportRequest("water-liters", 500, 200));
        Assert.True(stock.IsSuccessStatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "ja-JP" });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);
        var viewer = await host.Issue("viewer", "browser viewer");
        await page.GotoAsync(host.Http.BaseAddress!.ToString());

        await page.FillAsync("#token", "wrong-token");
        await page.ClickAsync("#signin-button");
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("トークンが違います");
        // Staff sign in with their own viewer token, never the admin's: the page says so in Japanese.
        await page.FillAsync("#token", HostFixture.AdminToken);
        await page.ClickAsync("#signin-button");
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("管理者用・端末用のトークンではサインインできません");

        await page.FillAsync("#token", viewer);
        await page.ClickAsync("#signin-button");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("オンライン");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "shelter-session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(viewer, session.Value, StringComparison.Ordinal);
        await page.SelectOptionAsync("#scope", "wajima");
        await Assertions.Expect(page.Locator("#total-occupancy")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("tr[data-shelter='browser-1'] td").First).ToContainTextAsync("避難所 browser-1");

        await host.PostTaps(north, [.. Enumerable.Range(0, 33).Select(i => Card(i, "browser-r1", "browser-1"))]);
        await host.PostTaps(south, [.. Enumerable.Range(100, 12).Select(i => Card(i, "browser-r2", "browser-2"))]);
        await Assertions.Expect(page.Locator("#total-occupancy")).ToHaveTextAsync("45", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("tr[data-shelter='browser-1'] .occupancy")).ToHaveTextAsync("33");
        await Assertions.Expect(page.Locator("tr[data-shelter='browser-1'] .badge").First).ToContainTextAsync("80%以上");
        await Assertions.Expect(page.Locator("#totals .label").First).ToHaveTextAsync("避難者数");

        await page.ClickAsync("tr[data-shelter='browser-1']");
        await Assertions.Expect(page.Locator("#detail-name")).ToContainTextAsync("避難所 browser-1");
        await Assertions.Expect(page.Locator("#detail-needs tbody tr").First).ToContainTextAsync("飲料水");
        // English on the toggle, the same figures.
        await page.ClickAsync("#language");
        await Assertions.Expect(page.Locator("#totals .label").First).ToHaveTextAsync("Occupancy");
        await Assertions.Expect(page.Locator("tr[data-shelter='browser-1'] .badge").First).ToContainTextAsync("80% full");
        await Assertions.Expect(page.Locator("#detail-needs tbody tr").First).ToContainTextAsync("drinking water");
        await Assertions.Expect(page.Locator("#total-occupancy")).ToHaveTextAsync("45");
        await page.ClickAsync("#language");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("オンライン");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.File("dashboard.png"), FullPage = true });

        // A reload keeps the session (the cookie), not a stored token.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("オンライン");
        var storage = await page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie");
        Assert.DoesNotContain(viewer, storage, StringComparison.Ordinal);
        Assert.Equal("{}{}", storage);

        var id = viewer.Split('_')[1];
        Assert.True((await host.Send(HttpMethod.Delete, $"/api/v1/tokens/{id}", HostFixture.AdminToken)).IsSuccessStatusCode);
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("セッションが終了しました");
        Assert.DoesNotContain(urls, url => url.Contains(viewer, StringComparison.Ordinal) || url.Contains(id, StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    private static ReaderTap Card(int n, string reader, string shelter) =>
        DevTaps.TemporaryCard((0xB000 + n).ToString("x16", System.Globalization.CultureInfo.InvariantCulture), reader, shelter, "check-in", DateTimeOffset.UtcNow);
}
