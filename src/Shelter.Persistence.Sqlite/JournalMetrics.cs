using System.Diagnostics.Metrics;

namespace Shelter.Persistence.Sqlite;

/// <summary>The group-commit journal's meters: how long a commit takes and how many writes it carries.</summary>
public static class JournalMetrics
{
    public const string MeterName = "Shelter.Journal";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("shelter.journal.commit.duration", "s",
        "One group commit of the SQLite journal, fsync included");

    private static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>("shelter.journal.commit.batch_size", "{write}",
        "Writes (persist calls) carried by one group commit");

    internal static void Committed(TimeSpan elapsed, int writes)
    {
        CommitDuration.Record(elapsed.TotalSeconds);
        BatchSize.Record(writes);
    }
}
