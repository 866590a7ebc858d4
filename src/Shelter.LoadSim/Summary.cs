using System.Globalization;
using System.Text.Json;

namespace Shelter.LoadSim;

/// <summary>The figures of a run, for people (printed) and machines (JSON).</summary>
public sealed record Summary(
    string Protocol,
    double DurationSeconds,
    double AcceptedPerSecond,
    IReadOnlyList<double> AcceptedPerSecondBy10Seconds,
    long Sent,
    long Answered,
    long Accepted,
    long Duplicates,
    IReadOnlyDictionary<string, long> RejectedByReason,
    long CorruptedRejected,
    long HttpFailures,
    long Retries,
    Summary.Latency OnlineLatencyMs,
    Summary.Latency BatchLatencyMs,
    bool CorpusExhausted,
    IReadOnlyList<string> Problems,
    Reconciliation.Result Reconciliation,
    long CertificateOnlySent,
    long NonceRequests,
    DeskLinks.Done? Linked = null)
{
    public sealed record Latency(int Count, double P50, double P95, double P99, double Max);

    public bool Clean => Reconciliation.Clean && Problems.Count == 0;

    public static Summary From(SimOptions options, Stats stats, Driver driver, Reconciliation.Result reconciliation, DeskLinks.Done? linked = null)
    {
        var seconds = Math.Min(driver.Elapsed.TotalSeconds, options.Duration.TotalSeconds);
        return new Summary(options.Protocol, seconds, stats.AcceptedBeforeDeadline / seconds, stats.AcceptedPerSecondByWindow(seconds), stats.Sent, stats.Answered, stats.Accepted, stats.Duplicates,
            new SortedDictionary<string, long>(stats.Rejected, StringComparer.Ordinal), stats.BadRejected, stats.HttpFailures, stats.Retries,
            Of(stats.OnlineLatencyMs), Of(stats.BatchLatencyMs), driver.Exhausted, [.. stats.Problems], reconciliation, stats.CertificateOnly, driver.NonceRequests, linked);
    }

    private static Latency Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return new Latency(sorted.Count, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.95), Stats.Percentile(sorted, 0.99), sorted.Count == 0 ? 0 : sorted[^1]);
    }

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"=== Shelter load simulation (protocol {Protocol}) ===");
        output.WriteLine(string.Create(c, $"accepted taps/s      {AcceptedPerSecond,10:N0}   ({Accepted:N0} accepted in all, over {DurationSeconds:0.0} s){(CorpusExhausted ? "  [corpus used up before the end]" : "")}"));
        if (AcceptedPerSecondBy10Seconds.Count > 0)
        {
            output.WriteLine(string.Create(c, $"accepted/s by {Stats.WindowSeconds} s   {string.Join("  ", AcceptedPerSecondBy10Seconds.Select(r => r.ToString("N0", c)))}   (lowest {AcceptedPerSecondBy10Seconds.Min():N0})"));
        }
        output.WriteLine(string.Create(c, $"latency (online)     p50 {OnlineLatencyMs.P50:0.0} ms   p95 {OnlineLatencyMs.P95:0.0} ms   p99 {OnlineLatencyMs.P99:0.0} ms   max {OnlineLatencyMs.Max:0.0} ms   ({OnlineLatencyMs.Count:N0} requests)"));
        output.WriteLine(string.Create(c, $"latency (backlogs)   p50 {BatchLatencyMs.P50:0.0} ms   max {BatchLatencyMs.Max:0.0} ms   ({BatchLatencyMs.Count:N0} batches)"));
        output.WriteLine(string.Create(c, $"answers              {Answered:N0} of {Sent:N0} sent; duplicates {Duplicates:N0}; corrupted input rejected {CorruptedRejected:N0}; HTTP failures {HttpFailures:N0}; retries {Retries:N0}"));
        if (Protocol != Shelter.Protocol.ReaderProtocol.V1)
        {
            output.WriteLine(string.Create(c, $"protocol {Protocol}          nonce requests {NonceRequests:N0}; certificate-only taps sent {CertificateOnlySent:N0}"));
        }
        output.WriteLine("rejected by reason   " + (RejectedByReason.Count == 0 ? "none" : string.Join(", ", RejectedByReason.Select(kv => string.Create(c, $"{kv.Key} {kv.Value:N0}")))));
        if (Linked is { } l)
        {
            output.WriteLine(string.Create(c, $"linked before the run {l.People:N0} people with {l.Credentials:N0} credentials ({l.Seconds:0} s at the desk API; not part of the figures)"));
        }
        var r = Reconciliation;
        output.WriteLine(string.Create(c, $"reconciliation       {(r.Clean ? "CLEAN" : "NOT CLEAN")}: {r.SheltersChecked} shelters, {r.EvacueesChecked:N0} evacuees checked; shelters converged in {r.ConvergedAfterSeconds:0.0} s"));
        foreach (var line in r.ShelterDifferences.Take(20).Concat(r.EvacueeDifferences.Take(20)).Concat(r.RuleViolations.Take(20)))
        {
            output.WriteLine("  " + line);
        }
        output.WriteLine(string.Create(c, $"lost (accepted, missing on host): {Lost}, counted twice: {Doubled}"));
        foreach (var problem in Problems.Take(20))
        {
            output.WriteLine("  problem: " + problem);
        }
    }

    public int Lost => Reconciliation.ShelterDifferences.Count(d => d.Contains("missing", StringComparison.Ordinal)) + Reconciliation.EvacueeDifferences.Count;

    public int Doubled => Reconciliation.ShelterDifferences.Count(d => d.Contains("counted twice", StringComparison.Ordinal));

    public void WriteJson(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
}
