using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Shelter.Host.Api;

namespace Shelter.Host.Tests;

/// <summary>
/// The volunteer's screen in a real headless Chromium against the station program and the real host: opened from
/// its start link, registered with a code typed on it, the PIN pad with its tries (and the last-try warning) worked
/// with its buttons, green, red and amber results, the offline banner and the waiting count while the host is down,
/// the local hint for a meal already recorded, and the needs-attention list once late answers arrive. Screenshots
/// go to artifacts/station-*.png.
/// </summary>
public sealed class StationScreenBrowserTests(RestartableHostFixture host) : IClassFixture<RestartableHostFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-station-browser-").FullName;

    [ChromiumFact]
    public async Task The_volunteer_sees_each_state_and_works_the_pin_pad_by_touch()
    {
        var code = await StationUnderTest.OpenWithCode(host, "browser-hall", "door-1", "輪島市立輪島中学校");
        await using var station = await StationUnderTest.Start(host.Http.BaseAddress!, StationUnderTest.WriteAuthority(host.Ca, Path.Combine(_dir, "ca")),
            Path.Combine(_dir, "station"), settings: new Dictionary<string, string> { ["Station:AnswerShownFor"] = "00:00:03" });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        // A 10-inch tablet in landscape, driven by touch.
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "ja-JP", HasTouch = true });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(station.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };

        // Without the start link the page opens nothing; the link works once.
        var refused = await page.GotoAsync(station.Address.ToString());
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        var link = station.StartLink;
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#register")).ToBeVisibleAsync();
        using (var other = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(link)).StatusCode);
        }
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "station-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.FillAsync("#register-code", "WRONG-CODE-0000");
        await page.TapAsync("#register-button");
        await Assertions.Expect(page.Locator("#register-error")).ToContainTextAsync("登録コード");
        await page.FillAsync("#register-code", code);
        await page.TapAsync("#register-button");
        await Assertions.Expect(page.Locator("#register")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#shelter")).ToContainTextAsync("輪島市立輪島中学校");
        await Assertions.Expect(page.Locator("#banner-ja")).ToHaveTextAsync("チェックイン");

        // A card: the PIN pad shows the tries first, takes digits from its buttons, masks them.
        await page.TapAsync("#demo-cards [data-card='card-a']");
        await Assertions.Expect(page.Locator("#pin")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#pin-tries")).ToHaveTextAsync("残り 3 回 / 3 tries left");
        await Assertions.Expect(page.Locator("#pin-warning")).ToBeHiddenAsync();
        foreach (var digit in StationUnderTest.DemoPin)
        {
            await page.TapAsync($"[data-digit='{digit}']");
        }
        await Assertions.Expect(page.Locator("#pin-dots")).ToHaveTextAsync("●●●●");
        await page.TapAsync("#pin-confirm");
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-verdict", "green", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#result-ja")).ToHaveTextAsync("チェックインしました。");
        await Screenshot(page, "station-green.png");

        // Wrong PINs count down; the last try is warned of before it is typed.
        await page.TapAsync("#demo-cards [data-card='card-b']");
        await TypePin(page, "1111");
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-verdict", "red");
        await Assertions.Expect(page.Locator("#result-ja")).ToContainTextAsync("残り2回");
        await page.TapAsync("#demo-cards [data-card='card-b']");
        await Assertions.Expect(page.Locator("#pin-tries")).ToHaveTextAsync("残り 2 回 / 2 tries left");
        await TypePin(page, "2222");
        await page.TapAsync("#demo-cards [data-card='card-b']");
        await Assertions.Expect(page.Locator("#pin-tries")).ToHaveTextAsync("残り 1 回 / 1 tries left");
        await Assertions.Expect(page.Locator("#pin-warning")).ToBeVisibleAsync();
        await Screenshot(page, "station-pin.png");
        await TypePin(page, StationUnderTest.DemoPin);
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-verdict", "green", new() { Timeout = 15_000 });

        // Not a My Number card: red, with what to do.
        await page.TapAsync("#demo-cards [data-card='other']");
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-verdict", "red");
        await Assertions.Expect(page.Locator("#result-ja")).ToContainTextAsync("マイナンバーカードではない");
        await Screenshot(page, "station-red.png");

        // Meals while the host is down: amber, the offline banner, the count waiting, and the station's own hint for a
        // second meal of the same card.
        await page.TapAsync(".action[data-action='meal']");
        await Assertions.Expect(page.Locator("#banner")).ToHaveAttributeAsync("data-action", "meal");
        await host.StopNode();
        await page.TapAsync("#demo-cards [data-card='card-a']");
        await TypePin(page, StationUnderTest.DemoPin);
        await Assertions.Expect(page.Locator("#offline-banner")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.TapAsync("#demo-cards [data-card='card-a']");
        await TypePin(page, StationUnderTest.DemoPin);
        await Assertions.Expect(page.Locator("#result-hint")).ToContainTextAsync("すでに記録");
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-verdict", "amber");
        await page.TapAsync("#demo-cards [data-card='card-b']");
        await TypePin(page, StationUnderTest.DemoPin);
        await Assertions.Expect(page.Locator("#waiting")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#result-ja")).ToHaveTextAsync("記録しました。オンラインに戻ったときに確定します。");
        await Screenshot(page, "station-offline.png");

        // Back: the backlog drains; the second meal's refusal comes after the person has gone, so it is listed.
        await host.StartNode();
        await Assertions.Expect(page.Locator("#waiting")).ToHaveTextAsync("0", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#offline-banner")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#attention-list tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#attention-list tr")).ToContainTextAsync("この食事はすでに受け取っています。");
        await Screenshot(page, "station-attention.png", fullPage: true);
        await page.TapAsync("#attention-list tr button");
        await Assertions.Expect(page.Locator("#attention")).ToBeHiddenAsync();

        Assert.Empty(errors);
        Assert.Empty(outside);
        // Nothing the page keeps holds the PIN or the session.
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        Assert.Equal("{}{}", stored);
    }

    /// <summary>The whole screen as the volunteer sees it, from the top (tapping the shelf scrolls the page).</summary>
    [ChromiumFact]
    public async Task At_the_desk_the_station_shows_the_card_face_for_the_person_to_confirm_then_sends_it()
    {
        var code = await StationUnderTest.OpenWithCode(host, "browser-desk", "desk-station", "輪島市役所");
        await using var station = await StationUnderTest.Start(host.Http.BaseAddress!, StationUnderTest.WriteAuthority(host.Ca, Path.Combine(_dir, "desk-ca")),
            Path.Combine(_dir, "desk-station"));
        await station.Register(code);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "ja-JP", HasTouch = true });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(station.StartLink);
        await page.TapAsync(".action[data-action='card-face']");
        await Assertions.Expect(page.Locator("#banner-ja")).ToHaveTextAsync("券面読み取り（受付）");

        await page.TapAsync("#demo-cards [data-card='card-a']");
        await Assertions.Expect(page.Locator("#pin-title-ja")).ToContainTextAsync("券面事項入力補助用");
        await TypePin(page, StationUnderTest.DemoPin);
        await Assertions.Expect(page.Locator("#card-face")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#card-face-name")).ToHaveTextAsync("避難 花子");
        await Assertions.Expect(page.Locator("#card-face-birth")).ToHaveTextAsync("1958-04-01");
        await Assertions.Expect(page.Locator("#card-face-sex")).ToHaveTextAsync("女性 / female");
        await Screenshot(page, "station-card-face.png");
        var waiting = await host.Send(HttpMethod.Get, "/api/v1/shelters/browser-desk/card-readings", HostFixture.AdminToken);
        Assert.Empty((await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Api.CardReadingsView>(waiting.Content, HostFixture.Json))!.Readings);

        await page.TapAsync("#card-face-confirm");
        await Assertions.Expect(page.Locator("#card-face")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#result")).ToHaveAttributeAsync("data-verdict", "green", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#result-ja")).ToContainTextAsync("受付へ送りました");
        var sent = await host.Send(HttpMethod.Get, "/api/v1/shelters/browser-desk/card-readings", HostFixture.AdminToken);
        var reading = Assert.Single((await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Api.CardReadingsView>(sent.Content, HostFixture.Json))!.Readings);
        Assert.Equal(("避難 花子", "desk-station"), (reading.Name, reading.ReaderId));

        // Discarded attributes go nowhere.
        await page.TapAsync("#demo-cards [data-card='card-b']");
        await TypePin(page, StationUnderTest.DemoPin);
        await Assertions.Expect(page.Locator("#card-face-name")).ToHaveTextAsync("髙橋 一郎");
        await page.TapAsync("#card-face-discard");
        await Assertions.Expect(page.Locator("#card-face")).ToBeHiddenAsync();
        var after = await host.Send(HttpMethod.Get, "/api/v1/shelters/browser-desk/card-readings", HostFixture.AdminToken);
        Assert.Single((await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Api.CardReadingsView>(after.Content, HostFixture.Json))!.Readings);
        Assert.Empty(errors);
    }

    private static async Task Screenshot(IPage page, string name, bool fullPage = false)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.File(name), FullPage = fullPage });
    }

    private static async Task TypePin(IPage page, string pin)
    {
        await Assertions.Expect(page.Locator("#pin")).ToBeVisibleAsync();
        foreach (var digit in pin)
        {
            await page.TapAsync($"[data-digit='{digit}']");
        }
        await page.TapAsync("#pin-confirm");
        await Assertions.Expect(page.Locator("#pin")).ToBeHiddenAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
