using System.ComponentModel.DataAnnotations;
using Shelter.Persistence.Sqlite;

namespace Shelter.Actors;

/// <summary>Settings for Shelter's actor system: where events are stored, how entities are sharded, how the relay batches.</summary>
public sealed class ShelterActorOptions : IValidatableObject
{
    public JournalProvider Provider { get; set; } = JournalProvider.Sqlite;

    /// <summary>
    /// For SQLite: <c>Data Source=path</c>; snapshots go to a file of their own beside it (<c>shelter-snapshots.db</c> for
    /// <c>shelter.db</c>). For PostgreSQL: an Npgsql connection string; snapshots go to the same database.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/shelter.db";

    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    public SqliteJournalKind SqliteJournal { get; set; } = SqliteJournalKind.GroupCommit;

    /// <summary>Most events one group commit of the SQLite journal carries.</summary>
    public int SqliteMaxRowsPerCommit { get; set; } = 1000;

    /// <summary>Remoting host and port of this node; port 0 picks a free one (single node, tests).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    public int Port { get; set; }

    /// <summary>The host name other nodes reach this one by (a container's service name); defaults to <see cref="Hostname"/>.</summary>
    public string? PublicHostname { get; set; }

    /// <summary>Entities recovering at once; keep below the journal connection pool size.</summary>
    public int MaxConcurrentRecoveries { get; set; } = 32;

    /// <summary>Seed nodes (akka.tcp://shelter@host:port). Empty: this node forms a cluster of one.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>About ten times the largest expected node count.</summary>
    public int NumberOfShards { get; set; } = 100;

    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    public int ShelterSnapshotEvery { get; set; } = 1000;

    /// <summary>An evacuee snapshots every this many events (0: never); an ordinary month is about 180.</summary>
    public int EvacueeSnapshotEvery { get; set; } = 1000;

    public int RelayBatchSize { get; set; } = 2000;

    /// <summary>How long the relay gathers evacuee events before delivering: longer means fewer, larger shelter writes.</summary>
    public TimeSpan RelayBatchWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the read journal polls for new events: the relay's (and the dashboard's) latency floor.</summary>
    public TimeSpan QueryRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// On PostgreSQL, how long the relay and the dashboard wait at a gap in the journal's ordering before taking it for a
    /// write that was rolled back. Concurrent writers take orderings before they commit, so a write that commits later than
    /// this behind a later one is never read by them: this must outlast the slowest write that still commits.
    /// </summary>
    public TimeSpan JournalGapWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the relay that brings evacuee events to shelters. Off only in tests that stage a crash before it runs.</summary>
    public bool RunRelay { get; set; } = true;

    public int JournalBatchSize { get; set; } = 200;

    /// <summary>Concurrent journal writers. SQLite serializes writers anyway, so 1 there; PostgreSQL gains from more.</summary>
    public int? JournalParallelism { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueryRefreshInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("QueryRefreshInterval must be longer than zero", [nameof(QueryRefreshInterval)]);
        }
        else if (JournalGapWait < QueryRefreshInterval)
        {
            yield return new ValidationResult("JournalGapWait must be at least QueryRefreshInterval: the gap is looked at once per poll", [nameof(JournalGapWait)]);
        }
    }
}
