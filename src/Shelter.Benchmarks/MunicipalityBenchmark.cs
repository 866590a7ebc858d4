using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shelter.Host;
using Shelter.Host.Api;
using Shelter.Host.Dashboard;

namespace Shelter.Benchmarks;

/// <summary>
/// What a municipality's office does at national size, on the real host in this process (SQLite), each figure beside a
/// baseline from the same run:
/// <list type="bullet">
/// <item>importing a registry of 100,000 designated shelters (the 自治体標準オープンデータセット layout, UTF-8), rows per second,
/// against a dry run of the same file (read and compared, nothing written);</item>
/// <item>the dashboard in Chromium with 10,000 open shelters: time from sign-in to the first render with every marker
/// on the map, and the cost of one live update in the page, against the same page with 1,000 shelters.</item>
/// </list>
/// </summary>
public static class MunicipalityBenchmark
{
    private const string AdminToken = "municipality-benchmark-admin-token-0123456789";
    private static readonly string[] Municipalities = ["01100", "04100", "13101", "17204", "20201", "27100", "40130", "47201"];

    public static async Task<int> Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var rows = quick ? 10_000 : 100_000;
        var (small, large) = quick ? (100, 1_000) : (1_000, 10_000);
        var dir = Directory.CreateTempSubdirectory("shelter-municipality-bench-").FullName;
        try
        {
            await using var host = await StartHost(dir);
            using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            Console.WriteLine($"municipality benchmark: host in process on {host.Address} (SQLite); {rows:N0} registry rows, dashboard at {small:N0} and {large:N0} shelters{(quick ? " (--quick)" : "")}");

            var file = Registry(rows);
            Console.WriteLine($"registry file: {rows:N0} rows, {file.Length / 1024.0 / 1024:F1} MiB");
            await Import(http, file, dryRun: true);
            var dry = await Import(http, file, dryRun: true);
            var real = await Import(http, file, dryRun: false);
            Console.WriteLine($"registry dry run (baseline): {dry:F2} s, {rows / dry:N0} rows/s");
            Console.WriteLine($"registry import:            {real:F2} s, {rows / real:N0} rows/s ({real / dry:F2}× the dry run)");

            var viewer = await Issue(http);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("SHELTER_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
            });
            var opened = 0;
            var figures = new List<PageFigures>();
            foreach (var size in new[] { small, large })
            {
                var opening = Stopwatch.StartNew();
                await Open(http, Enumerable.Range(opened, size - opened));
                Console.WriteLine($"opened {size - opened:N0} places in {opening.Elapsed.TotalSeconds:F1} s ({(size - opened) / opening.Elapsed.TotalSeconds:N0}/s)");
                opened = size;
                await CaughtUp(http, size);
                figures.Add(await MeasurePage(browser, host.Address, viewer, size));
            }
            var (baseline, measured) = (figures[0], figures[1]);
            foreach (var f in figures)
            {
                Console.WriteLine($"dashboard, {f.Shelters,6:N0} shelters: first render {f.FirstRenderMs,7:F0} ms after sign-in (page's own render {f.RenderMs:F0} ms); "
                    + $"one update: median {f.UpdateMedianMs:F1} ms, worst {f.UpdateWorstMs:F1} ms in the page (last: {f.Phases} ms); view {f.ViewBytes / 1024.0 / 1024:F1} MiB");
            }
            Console.WriteLine($"ratio {measured.Shelters / baseline.Shelters}× the shelters: first render {measured.FirstRenderMs / baseline.FirstRenderMs:F1}×, "
                + $"update {measured.UpdateMedianMs / Math.Max(0.1, baseline.UpdateMedianMs):F1}×");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A registry file in the open-data layout: designated shelters spread over Japan's main islands, with capacities.</summary>
    private static byte[] Registry(int rows)
    {
        var random = new Random(18);
        var text = new StringBuilder("全国地方公共団体コード,ID,名称,名称_カナ,所在地_連結表記,緯度,経度,電話番号,地方公共団体名,指定緊急避難場所との重複,想定収容人数,福祉避難所,備考\n");
        for (var i = 0; i < rows; i++)
        {
            var municipality = Code(i);
            var (latitude, longitude) = (33.5 + random.NextDouble() * 9, 131 + random.NextDouble() * 10);
            text.Append(CultureInfo.InvariantCulture, $"{municipality},b{i:D6},ベンチ避難所{i},ベンチヒナンジョ,テスト県テスト市{i}番地,{latitude:F5},{longitude:F5},,テスト市,,{100 + random.Next(900)},,\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The place the import makes of row <paramref name="i"/>: its key is the six-digit code and the file's ID.</summary>
    private static string PlaceId(int i) => Shelter.Registry.RegistryMerge.IdFrom($"{Code(i)}-b{i:D6}");

    /// <summary>Row <paramref name="i"/>'s municipality, written with its check digit as the open-data files give it.</summary>
    private static string Code(int i)
    {
        Shelter.Registry.LocalGovernmentCode.TryComplete(Municipalities[i % Municipalities.Length], out var code);
        return code;
    }

    private static async Task<double> Import(HttpClient http, byte[] file, bool dryRun)
    {
        var watch = Stopwatch.StartNew();
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await http.PostAsync($"/api/v1/registry/imports?dryRun={(dryRun ? "true" : "false")}", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task Open(HttpClient http, IEnumerable<int> places) =>
        await Parallel.ForEachAsync(places, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancel) =>
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/places/{PlaceId(i)}/open", new OpenPlaceRequest(), cancel);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"opening {PlaceId(i)} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
            }
        });

    private static async Task CaughtUp(HttpClient http, int shelters)
    {
        for (var view = await View(http); view.Shelters.Length < shelters; view = await View(http))
        {
            await Task.Delay(200);
        }
    }

    private static async Task<DashboardView> View(HttpClient http) =>
        (await http.GetFromJsonAsync<DashboardView>("/api/v1/dashboard?scope=all", JsonSerializerOptions.Web))!;

    private static async Task<string> Issue(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/tokens", new IssueTokenRequest("viewer", "benchmark viewer", null, null, 1));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedTokenView>(JsonSerializerOptions.Web))!.Token;
    }

    private sealed record PageFigures(int Shelters, double FirstRenderMs, double RenderMs, double UpdateMedianMs, double UpdateWorstMs, long ViewBytes, string Phases);

    private static async Task<PageFigures> MeasurePage(IBrowser browser, Uri address, string viewer, int shelters)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, Locale = "ja-JP" });
        long viewBytes = 0;
        page.Response += async (_, response) =>
        {
            if (response.Url.Contains("/api/v1/dashboard?", StringComparison.Ordinal))
            {
                viewBytes = (await response.BodyAsync()).Length;
            }
        };
        await page.GotoAsync(address.ToString());
        await page.FillAsync("#token", viewer);
        var watch = Stopwatch.StartNew();
        await page.ClickAsync("#signin-button");
        await page.WaitForFunctionAsync($"() => window.shelterTimings.firstRender !== null && document.querySelectorAll('#map-markers [data-shelter]').length >= {shelters}",
            null, new PageWaitForFunctionOptions { Timeout = 300_000, PollingInterval = 20 });
        var firstRender = watch.Elapsed.TotalMilliseconds;
        await page.WaitForFunctionAsync("() => document.getElementById('status').classList.contains('online')", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        var render = await page.EvaluateAsync<double>("() => Math.max(...window.shelterTimings.renders.map(r => r.ms))");

        // One update: a stock report at one shelter reaches the page as one changed shelter, and the page renders it.
        var updates = new List<double>();
        var phases = "";
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        for (var i = 0; i < 10; i++)
        {
            var before = await page.EvaluateAsync<int>("() => window.shelterTimings.renders.length");
            using var report = await http.PostAsJsonAsync($"/api/v1/shelters/{PlaceId(i)}/supplies", new SupplyReportRequest("blankets", 100 + i, 0));
            report.EnsureSuccessStatusCode();
            await page.WaitForFunctionAsync($"() => window.shelterTimings.renders.length > {before} && window.shelterTimings.renders.at(-1).changed >= 1", null,
                new PageWaitForFunctionOptions { Timeout = 60_000 });
            updates.Add(await page.EvaluateAsync<double>("() => window.shelterTimings.renders.at(-1).ms"));
            phases = await page.EvaluateAsync<string>("() => Object.entries(window.shelterTimings.renders.at(-1).phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')");
        }
        await page.CloseAsync();
        updates.Sort();
        return new PageFigures(shelters, firstRender, render, updates[updates.Count / 2], updates[^1], viewBytes, phases);
    }

    private static async Task<RunningHost> StartHost(string dir)
    {
        var app = ShelterApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Shelter:DataDirectory"] = Path.Combine(dir, "host");
            builder.Configuration["Shelter:AdminToken"] = AdminToken;
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        await app.StartAsync();
        return new RunningHost(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    private sealed record RunningHost(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
