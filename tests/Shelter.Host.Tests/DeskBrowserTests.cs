using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Shelter.Credentials.DevPki;

namespace Shelter.Host.Tests;

/// <summary>
/// The desk's page in Chromium, as a desk volunteer uses it on a tablet: sign in, register a person with their consent,
/// find them, link the card they tapped after two confirmations, issue a temporary card, undo a wrong check-out, run the
/// roll call and close the shelter with everyone moved. Screenshots go to artifacts/ (and docs/desk.png for the README).
/// </summary>
public sealed class DeskBrowserTests(HostFixture host) : IClassFixture<HostFixture>
{
    [ChromiumFact]
    public async Task A_desk_volunteer_registers_links_corrects_calls_the_roll_and_closes()
    {
        var reader = await host.OpenWithReader("desk-ui-a", "desk-ui-reader", municipality: "deskcity");
        await host.OpenWithReader("desk-ui-b", "desk-ui-reader-b", municipality: "deskcity");
        using var card = host.Ca.Issue();
        await host.PostTaps(reader, host.Tap(card, "desk-ui-reader", "desk-ui-a", "check-in"));
        await host.PostTaps(reader, host.Tap(card, "desk-ui-reader", "desk-ui-a", "meal"));
        await host.ShelterWhen("desk-ui-a", s => s.Occupancy == 1);
        var desk = await host.Issue("desk", "受付 山田", municipality: "deskcity");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 1366 }, Locale = "ja-JP" });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var answers = new Queue<string>(["誤って記録"]);
        page.Dialog += async (_, dialog) => await (dialog.Type == DialogType.Prompt ? dialog.AcceptAsync(answers.Dequeue()) : dialog.AcceptAsync());
        await page.GotoAsync(new Uri(host.Http.BaseAddress!, "/desk.html").ToString());
        await page.FillAsync("#token", desk);
        await page.ClickAsync("#signin-button");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("受付 山田");
        await Assertions.Expect(page.Locator("#r-municipality")).ToHaveValueAsync("deskcity");

        await page.FillAsync("#r-shelter", "desk-ui-a");
        await page.FillAsync("#r-name", "髙橋 花子");
        await page.FillAsync("#r-furigana", "タカハシ ハナコ");
        await page.FillAsync("#r-birthDate", "1950-04-01");
        await page.CheckAsync("#need-allergy");
        await page.FillAsync("#need-allergy-detail", "そば");
        await page.ClickAsync("#register-form button[type=submit]");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("登録しました");
        await Assertions.Expect(page.Locator("#person-summary")).ToContainTextAsync("アレルギー（物質）: そば");

        await page.FillAsync("#s-name", "高橋花子");
        await page.FillAsync("#s-birthDate", "1950-04-01");
        await page.ClickAsync("#search-form button");
        await Assertions.Expect(page.Locator("#people li")).ToHaveCountAsync(1);
        await page.ClickAsync("#people li button");

        await page.FillAsync("#p-shelter", "desk-ui-a");
        await page.FillAsync("#p-hours", "0");
        await page.ClickAsync("#roll-form button");
        await Assertions.Expect(page.Locator("#roll li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#roll li")).ToContainTextAsync("未登録の避難者");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.File("desk.png"), FullPage = true });
        await page.ClickAsync("#roll li button:has-text('紐付ける')");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("紐付けますか");
        await page.ClickAsync("#message button");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("紐付けました。");
        await Assertions.Expect(page.Locator("#roll li")).ToHaveCountAsync(1);
        await host.ShelterWhen("desk-ui-a", s => s.Occupancy == 1 && s.ProvisionalOccupants == 0);

        await page.FillAsync("#c-card", "00000000DE5C0001");
        await page.ClickAsync("#card-form button");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("仮カードを発行");

        await page.SelectOptionAsync("#t-action", "check-out");
        await page.ClickAsync("#desk-tap-form button");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("記録しました：退所");
        await host.ShelterWhen("desk-ui-a", s => s.Occupancy == 0);
        var personId = (await host.EvacueeOf(card)).PersonId!;
        await page.FillAsync("#e-id", personId);
        await page.ClickAsync("#evacuee-form button");
        await Assertions.Expect(page.Locator("#evacuee-summary")).ToContainTextAsync("登録済み");
        await page.ClickAsync("#taps li button:has-text('取り消す')");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("取り消しました。");
        await Assertions.Expect(page.Locator("#taps li").First).ToContainTextAsync("取消済み");
        await host.ShelterWhen("desk-ui-a", s => s.Occupancy == 1);

        await page.FillAsync("#x-shelter", "desk-ui-a");
        await page.FillAsync("#x-move", "desk-ui-b");
        await page.ClickAsync("#close-form button");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("閉鎖しました：退所 0 人、移動 1 人、残り 0 人", new() { Timeout = 30_000 });
        await host.ShelterWhen("desk-ui-b", s => s.Occupancy == 1);

        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
        await page.SetViewportSizeAsync(390, 844);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"));
        Assert.Empty(errors);
        var docs = Path.Combine(Path.GetDirectoryName(Artifacts.File("x"))!, "..", "docs", "desk.png");
        File.Copy(Artifacts.File("desk.png"), docs, overwrite: true);
    }

    [ChromiumFact]
    public async Task A_card_read_at_the_desk_station_fills_the_form_and_registering_links_the_card()
    {
        var reader = await host.OpenWithReader("desk-ui-c", "desk-ui-station", municipality: "deskcity");
        var desk = await host.Issue("desk", "受付 佐藤", municipality: "deskcity", shelterId: "desk-ui-c");
        using var card = host.Ca.Issue();
        var reading = new Shelter.Protocol.CardReading(Guid.NewGuid().ToString(), "髙橋 一郎", "石川県輪島市鳳至町二丁目３番地", "1980-12-24", "1",
            new Shelter.Protocol.TapCredential("jpki-card", Convert.ToBase64String(card.CertificateDer)));
        Assert.Equal(System.Net.HttpStatusCode.Created, (await host.Send(HttpMethod.Post, Shelter.Protocol.ReaderProtocol.CardReadingsPath, reader, reading)).StatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 1366 }, Locale = "ja-JP" });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(host.Http.BaseAddress!, "/desk.html").ToString());
        await page.FillAsync("#token", desk);
        await page.ClickAsync("#signin-button");
        await Assertions.Expect(page.Locator("#k-shelter")).ToHaveValueAsync("desk-ui-c");
        await Assertions.Expect(page.Locator("#readings li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#readings li")).ToContainTextAsync("髙橋 一郎 1980-12-24 男性");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.File("desk-card-reading.png") });
        await page.ClickAsync("#readings li button:has-text('この内容で登録')");
        await Assertions.Expect(page.Locator("#r-name")).ToHaveValueAsync("髙橋 一郎");
        await Assertions.Expect(page.Locator("#r-birthDate")).ToHaveValueAsync("1980-12-24");
        // The person does not want the address kept: the desk clears it before registering.
        await page.FillAsync("#r-address", "");
        await page.ClickAsync("#register-form button[type=submit]");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("紐付けました");
        await Assertions.Expect(page.Locator("#readings li")).ToHaveCountAsync(0);

        var linked = await host.EvacueeOf(card);
        var person = await host.Send(HttpMethod.Get, $"/api/v1/people/{linked.PersonId}", desk);
        var view = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Api.PersonView>(person.Content, HostFixture.Json))!;
        Assert.Equal(("髙橋 一郎", "1980-12-24", "男性", null), (view.Name, view.BirthDate, view.Sex, view.Address));
        Assert.DoesNotContain("address", view.Consent);
        Assert.Empty(errors);
    }
}
