using System.Collections.Concurrent;

namespace Shelter.LoadSim;

/// <summary>Counters and latencies of a run, updated from many workers at once.</summary>
public sealed class Stats
{
    private long _sent;
    private long _answered;
    private long _accepted;
    private long _acceptedBeforeDeadline;
    private long _duplicates;
    private long _httpFailures;
    private long _retries;
    private long _badRejected;
    private long _certificateOnly;

    /// <summary>Accepted taps per 10-second window of the run: whether a rate was sustained, not only reached on average.</summary>
    private readonly long[] _acceptedByWindow = new long[10_000];

    public const int WindowSeconds = 10;

    public ConcurrentDictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<double> OnlineLatencyMs { get; } = new();

    public ConcurrentQueue<double> BatchLatencyMs { get; } = new();

    public ConcurrentQueue<string> Problems { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Answered => Interlocked.Read(ref _answered);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long AcceptedBeforeDeadline => Interlocked.Read(ref _acceptedBeforeDeadline);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long HttpFailures => Interlocked.Read(ref _httpFailures);

    public long Retries => Interlocked.Read(ref _retries);

    public long BadRejected => Interlocked.Read(ref _badRejected);

    /// <summary>(v2) Taps sent from the certificate alone.</summary>
    public long CertificateOnly => Interlocked.Read(ref _certificateOnly);

    public void AddSent(int n) => Interlocked.Add(ref _sent, n);

    public void AddAnswered() => Interlocked.Increment(ref _answered);

    public void AddAccepted(TimeSpan at, TimeSpan deadline)
    {
        Interlocked.Increment(ref _accepted);
        if (at < deadline)
        {
            Interlocked.Increment(ref _acceptedBeforeDeadline);
            Interlocked.Increment(ref _acceptedByWindow[Math.Min(_acceptedByWindow.Length - 1, (int)(at.TotalSeconds / WindowSeconds))]);
        }
    }

    /// <summary>Accepted taps per second in each whole window before the deadline.</summary>
    public IReadOnlyList<double> AcceptedPerSecondByWindow(double seconds) =>
        [.. Enumerable.Range(0, (int)(seconds / WindowSeconds)).Select(w => Interlocked.Read(ref _acceptedByWindow[w]) / (double)WindowSeconds)];

    public void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    public void AddRejected(string reason) => Rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void AddHttpFailure() => Interlocked.Increment(ref _httpFailures);

    public void AddRetry() => Interlocked.Increment(ref _retries);

    public void AddBadRejected() => Interlocked.Increment(ref _badRejected);

    public void AddCertificateOnly() => Interlocked.Increment(ref _certificateOnly);

    public void Problem(string what)
    {
        if (Problems.Count < 1000)
        {
            Problems.Enqueue(what);
        }
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
