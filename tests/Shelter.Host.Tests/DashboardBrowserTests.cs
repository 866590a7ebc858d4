using Deque.AxeCore.Playwright;
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
        // At known places: inland Wajima and Kanazawa (石川県, 17), and Sapporo (北海道, 01).
        var north = await host.OpenWithReader("browser-1", "browser-r1", municipality: "wajima", capacity: 40, at: new Shelter.Domain.Location(37.33, 136.93));
        var south = await host.OpenWithReader("browser-2", "browser-r2", municipality: "wajima", capacity: 30, at: new Shelter.Domain.Location(36.5613, 136.6562));
        await host.OpenWithReader("browser-3", "browser-r3", municipality: "sapporo", capacity: 100, at: new Shelter.Domain.Location(43.0621, 141.3544));
        var stock = await host.Send(HttpMethod.Post, "/api/v1/shelters/browser-1/supplies", HostFixture.AdminToken, new Api.SupplyReportRequest("water-liters", 500, 200));
        Assert.True(stock.IsSuccessStatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
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

        // Every shelter on the map inside the prefecture it lies in, with its crowding as a colour and as a shape.
        await page.SelectOptionAsync("#scope", "all");
        await Assertions.Expect(page.Locator("#map-markers [data-shelter]")).ToHaveCountAsync(3);
        var drawn = System.Text.Json.JsonSerializer.Deserialize<MarkerOnMap[]>(await page.EvaluateAsync<string>(MarkersOnMap), System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal(
            [new("browser-1", "17", "crowded", "#shape-crowded", "rgb(230, 159, 0)"), new("browser-2", "17", "vacant", "#shape-vacant", "rgb(0, 158, 115)"),
             new("browser-3", "01", "vacant", "#shape-vacant", "rgb(0, 158, 115)")],
            drawn.OrderBy(m => m.Shelter, StringComparer.Ordinal));
        await Assertions.Expect(page.Locator("tr[data-shelter='browser-3'] .crowding")).ToHaveTextAsync("空き");
        await Assertions.Expect(page.Locator("#map-legend")).ToContainTextAsync("定員一杯");
        await Assertions.Expect(page.Locator("#history")).ToHaveAttributeAsync("data-now", "45");
        // The list filters and sorts.
        await page.FillAsync("#filter-text", "browser-2");
        await Assertions.Expect(page.Locator("#shelters tbody tr")).ToHaveCountAsync(1);
        await page.FillAsync("#filter-text", "");
        await page.SelectOptionAsync("#sort", "occupancy");
        await Assertions.Expect(page.Locator("#shelters tbody tr").First).ToHaveAttributeAsync("data-shelter", "browser-1");
        await page.SelectOptionAsync("#filter-crowding", "crowded");
        await Assertions.Expect(page.Locator("#shelters tbody tr")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#filter-crowding", "any");
        var japanese = await page.EvaluateAsync<double>(JapaneseShare);
        Assert.True(japanese > 0.5, $"{japanese:P0} of the letters on the page are Japanese");
        await AssertAccessible(page, "desktop");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.File("dashboard.png"), FullPage = true });
        await page.Locator(".map-frame").ScreenshotAsync(new LocatorScreenshotOptions { Path = Artifacts.File("dashboard-map.png") });

        // A phone: nothing wider than the screen, and the same checks pass.
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.Locator("#map-markers [data-shelter]")).ToHaveCountAsync(3);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var width = await page.EvaluateAsync<int>("() => window.innerWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth} px wide on a {width} px screen");
        await AssertAccessible(page, "phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.File("dashboard-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);

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
        Assert.All(urls, url => Assert.StartsWith(host.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    // The centre of each marker as drawn, taken back into map coordinates, and the prefecture path that holds it.
    private const string MarkersOnMap = """
        () => {
          const svg = document.getElementById("map"), inverse = svg.getScreenCTM().inverse();
          return JSON.stringify([...document.querySelectorAll("#map-markers [data-shelter]")].map((marker) => {
            const box = marker.getBoundingClientRect();
            const point = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(inverse);
            const prefecture = [...document.querySelectorAll("#map-land path")].find((p) => p.isPointInFill(point));
            const shape = marker.querySelector("use");
            return { shelter: marker.dataset.shelter, prefecture: prefecture ? prefecture.dataset.prefecture : null,
                     crowding: marker.dataset.crowding, shape: shape.getAttribute("href"), fill: getComputedStyle(marker).fill };
          }));
        }
        """;

    // Japanese letters (kana and kanji) among all letters a person reads on the page.
    private const string JapaneseShare = """
        () => {
          const text = document.body.innerText;
          const letters = text.match(/[\p{L}]/gu) || [], japanese = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) || [];
          return japanese.length / Math.max(1, letters.length);
        }
        """;

    private sealed record MarkerOnMap(string Shelter, string? Prefecture, string Crowding, string Shape, string Fill);

    private static async Task AssertAccessible(IPage page, string where)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToArray();
        Assert.True(serious.Length == 0, $"axe-core on the {where} page: " + string.Join("; ", serious));
    }

    private static ReaderTap Card(int n, string reader, string shelter) =>
        DevTaps.TemporaryCard((0xB000 + n).ToString("x16", System.Globalization.CultureInfo.InvariantCulture), reader, shelter, "check-in", DateTimeOffset.UtcNow);
}
