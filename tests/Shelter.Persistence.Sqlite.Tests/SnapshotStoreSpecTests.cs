using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;

namespace Shelter.Persistence.Sqlite.Tests;

/// <summary>
/// The cases of Akka.Persistence's snapshot store specification, spoken to Shelter's SQLite snapshot store in its own
/// protocol: which snapshot a criteria selects, deletion by metadata and by criteria, and overwriting.
/// </summary>
public sealed class SnapshotStoreSpecTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly JournalFile _database;
    private readonly IActorRef _store;
    private readonly string _pid = "snap-" + Guid.NewGuid().ToString("N");
    private readonly List<SnapshotMetadata> _saved = [];

    public SnapshotStoreSpecTests() : this(new JournalFile())
    {
    }

    private SnapshotStoreSpecTests(JournalFile database) : base(
        ConfigurationFactory.ParseString($"akka.persistence.snapshot-store.plugin = {SqlitePersistence.Quote(SqlitePersistence.SnapshotPluginId)}").WithFallback(database.Config),
        "snapshot-spec")
    {
        _database = database;
        _store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var n = 1; n <= 5; n++)
        {
            _saved.Add(Save(new SnapshotMetadata(_pid, n * 10, start.AddMinutes(n)), $"s-{n}"));
        }
    }

    [Fact]
    public void Nothing_is_loaded_for_an_unknown_persistence_id() =>
        Assert.Null(Load("unknown-" + Guid.NewGuid().ToString("N"), SnapshotSelectionCriteria.Latest));

    [Fact]
    public void The_latest_snapshot_is_loaded() => Assert.Equal(("s-5", 50L), Describe(Load(_pid, SnapshotSelectionCriteria.Latest)));

    [Fact]
    public void An_upper_sequence_number_bound_selects_the_latest_below_it() =>
        Assert.Equal(("s-3", 30L), Describe(Load(_pid, new SnapshotSelectionCriteria(35))));

    [Fact]
    public void An_upper_timestamp_bound_selects_the_latest_before_it() =>
        Assert.Equal(("s-2", 20L), Describe(Load(_pid, new SnapshotSelectionCriteria(long.MaxValue, _saved[1].Timestamp))));

    [Fact]
    public void Bounds_that_match_nothing_load_nothing()
    {
        Assert.Null(Load(_pid, new SnapshotSelectionCriteria(5)));
        Assert.Null(Load(_pid, new SnapshotSelectionCriteria(long.MaxValue, _saved[0].Timestamp.AddTicks(-1))));
        Assert.Null(Load(_pid, SnapshotSelectionCriteria.None));
    }

    [Fact]
    public void Deleting_one_snapshot_by_its_metadata_leaves_the_others()
    {
        var probe = CreateTestProbe();
        _store.Tell(new DeleteSnapshot(_saved[4]), probe.Ref);
        probe.ExpectMsg<DeleteSnapshotSuccess>(Timeout);
        Assert.Equal(("s-4", 40L), Describe(Load(_pid, SnapshotSelectionCriteria.Latest)));
    }

    [Fact]
    public void Deleting_by_criteria_removes_every_snapshot_it_matches()
    {
        var probe = CreateTestProbe();
        _store.Tell(new DeleteSnapshots(_pid, new SnapshotSelectionCriteria(30)), probe.Ref);
        probe.ExpectMsg<DeleteSnapshotsSuccess>(Timeout);
        Assert.Null(Load(_pid, new SnapshotSelectionCriteria(30)));
        Assert.Equal(("s-5", 50L), Describe(Load(_pid, SnapshotSelectionCriteria.Latest)));
    }

    [Fact]
    public void Saving_at_the_same_sequence_number_replaces_the_snapshot()
    {
        Save(new SnapshotMetadata(_pid, 50, _saved[4].Timestamp), "s-5 again");
        Assert.Equal(("s-5 again", 50L), Describe(Load(_pid, SnapshotSelectionCriteria.Latest)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private SnapshotMetadata Save(SnapshotMetadata metadata, string snapshot)
    {
        var probe = CreateTestProbe();
        _store.Tell(new SaveSnapshot(metadata, snapshot), probe.Ref);
        return probe.ExpectMsg<SaveSnapshotSuccess>(Timeout).Metadata;
    }

    private SelectedSnapshot? Load(string pid, SnapshotSelectionCriteria criteria)
    {
        var probe = CreateTestProbe();
        _store.Tell(new LoadSnapshot(pid, criteria, long.MaxValue), probe.Ref);
        return probe.ExpectMsg<LoadSnapshotResult>(Timeout).Snapshot;
    }

    private static (string, long)? Describe(SelectedSnapshot? selected) =>
        selected is null ? null : ((string)selected.Snapshot, selected.Metadata.SequenceNr);
}
