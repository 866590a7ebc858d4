using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>Runs alone, after the parallel tests: the node's meters are the process's, and other hosts' taps would count too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInProcess
{
    public const string Name = "alone in the process";
}

/// <summary>The Prometheus endpoint after a burst of taps: counters that match what was sent, for admins only, no IDs in labels.</summary>
[Collection(AloneInProcess.Name)]
public partial class PrometheusTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task After_a_burst_the_tap_counters_match_the_taps_sent()
    {
        var reader = await host.OpenWithReader("metrics-shelter", "metrics-door");
        var before = await ScrapeWhen(_ => true);
        var (accepted, duplicate, rejected, timed) = (Count(before, "accepted"), Count(before, "duplicate"), Count(before, "rejected"), Timed(before));
        var cards = Enumerable.Range(0, 12).Select(_ => host.Ca.Issue()).ToList();
        var first = cards.Select(c => host.Tap(c, "metrics-door", "metrics-shelter", "check-in")).ToArray();
        var answers = await host.PostTaps(reader, first);
        var again = await host.PostTaps(reader, first[..5]);
        var refused = await host.PostTaps(reader, host.Tap(cards[0], "metrics-door", "elsewhere", "meal"));
        Assert.All(answers, a => Assert.Equal(TapStatusCodes.Accepted, a.Status));
        Assert.All(again, a => Assert.Equal(TapStatusCodes.Duplicate, a.Status));
        Assert.Equal(TapStatusCodes.Rejected, Assert.Single(refused).Status);

        var text = await ScrapeWhen(t => Count(t, "accepted") - accepted == 12 && Count(t, "duplicate") - duplicate == 5 && Count(t, "rejected") - rejected == 1);
        File.WriteAllText(Artifacts.File("metrics-scrape.txt"), text);

        Assert.Equal((12, 5, 1), (Count(text, "accepted") - accepted, Count(text, "duplicate") - duplicate, Count(text, "rejected") - rejected));
        // Repeats are answered by the entity too; the refused tap never reached it.
        Assert.Equal(17, Timed(text) - timed);
        Assert.Contains("shelter_station_uploads_total{", text, StringComparison.Ordinal);
        Assert.Contains("shelter_journal_commit_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("shelter_read_side_lag_seconds", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-shelter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-door", text, StringComparison.Ordinal);
        Assert.DoesNotContain(cards[0].Fingerprint, text, StringComparison.Ordinal);
        foreach (var card in cards)
        {
            card.Dispose();
        }
    }

    [Fact]
    public async Task Only_an_admin_token_scrapes()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Send(HttpMethod.Get, "/metrics", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, "/metrics", host.ViewerToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Get, "/metrics", HostFixture.AdminToken)).StatusCode);
    }

    /// <summary>The sum over every series of <c>shelter_taps_total</c> with this status.</summary>
    private static int Count(string text, string status) =>
        TapLine().Matches(text).Where(m => m.Groups["labels"].Value.Contains($"status=\"{status}\"", StringComparison.Ordinal))
            .Sum(m => (int)double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static int Timed(string text) => DurationCount().Match(text) is { Success: true } m ? int.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private async Task<string> ScrapeWhen(Func<string, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var text = await (await host.Send(HttpMethod.Get, "/metrics", HostFixture.AdminToken)).Content.ReadAsStringAsync();
            if (ready(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"^shelter_taps_total\{(?<labels>[^}]*)\} (?<value>[0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex TapLine();

    [GeneratedRegex(@"^shelter_tap_duration_seconds_count(\{[^}]*\})? (?<value>[0-9]+)", RegexOptions.Multiline)]
    private static partial Regex DurationCount();
}

/// <summary>A node that pushes OTLP to a collector the test runs itself.</summary>
public sealed class OtlpHostFixture : HostFixture
{
    public OtlpCollector Collector { get; } = new();

    protected override void Configure(Microsoft.Extensions.Configuration.ConfigurationManager configuration)
    {
        configuration["Shelter:Telemetry:OtlpEndpoint"] = Collector.Address;
        configuration["Shelter:Telemetry:ExportInterval"] = "00:00:00.500";
        configuration["Shelter:Telemetry:TraceSampling"] = "1";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

/// <summary>The two OTLP/HTTP paths, on loopback, keeping every body it is sent.</summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _received = [];

    public OtlpCollector()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Address = $"http://127.0.0.1:{port}/";
        _ = Task.Run(Serve);
    }

    public string Address { get; }

    public bool Received(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_received)
        {
            return _received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0);
        }
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_received)
            {
                _received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}

public class OtlpTests(OtlpHostFixture host) : IClassFixture<OtlpHostFixture>
{
    [Fact]
    public async Task A_node_pushes_its_metrics_and_traces_to_the_configured_collector()
    {
        var reader = await host.OpenWithReader("otlp-shelter", "otlp-door");
        using var card = host.Ca.Issue();
        await host.PostTaps(reader, host.Tap(card, "otlp-door", "otlp-shelter", "check-in"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(host.Collector.Received("/v1/metrics", "shelter.taps") && host.Collector.Received("/v1/traces", "/api/v1/taps")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(host.Collector.Received("/v1/metrics", "shelter.taps"), "no OTLP metrics with shelter.taps");
        Assert.True(host.Collector.Received("/v1/metrics", "shelter.tap.duration"));
        Assert.True(host.Collector.Received("/v1/traces", "/api/v1/taps"), "no OTLP trace of the upload");
    }
}
