using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Shelter.Persistence.Sqlite.Tests;

/// <summary>
/// The cases of Akka.Persistence's journal specification (its TCK is not served here), spoken to the journal actor in
/// its own protocol: replay bounds, deletion and the highest sequence number, rejection of what cannot be serialized,
/// and order when many writers write at once.
/// </summary>
public sealed class JournalSpecTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly JournalFile _database;
    private readonly IActorRef _journal;
    private readonly string _pid = "spec-" + Guid.NewGuid().ToString("N");
    private readonly string _writer = Guid.NewGuid().ToString("N");

    public JournalSpecTests() : this(new JournalFile())
    {
    }

    private JournalSpecTests(JournalFile database) : base(database.Config, "journal-spec")
    {
        _database = database;
        _journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        WriteMessages(_pid, 1, 5);
    }

    [Theory]
    [InlineData(1, long.MaxValue, long.MaxValue, new long[] { 1, 2, 3, 4, 5 })]
    [InlineData(3, long.MaxValue, long.MaxValue, new long[] { 3, 4, 5 })]
    [InlineData(1, 3, long.MaxValue, new long[] { 1, 2, 3 })]
    [InlineData(1, long.MaxValue, 3, new long[] { 1, 2, 3 })]
    [InlineData(2, 3, long.MaxValue, new long[] { 2, 3 })]
    [InlineData(2, 5, 2, new long[] { 2, 3 })]
    [InlineData(2, 2, long.MaxValue, new long[] { 2 })]
    [InlineData(1, long.MaxValue, 0, new long[0])]
    [InlineData(3, 2, long.MaxValue, new long[0])]
    [InlineData(6, long.MaxValue, long.MaxValue, new long[0])]
    public void Replays_within_the_bounds_asked_for(long from, long to, long max, long[] expected)
    {
        var (replayed, highest) = Replay(_pid, from, to, max);
        Assert.Equal(expected, replayed.Select(p => p.SequenceNr));
        Assert.All(replayed, p => Assert.Equal($"a-{p.SequenceNr}", p.Payload));
        Assert.Equal(5, highest);
    }

    [Fact]
    public void Deleted_events_are_not_replayed_and_the_highest_sequence_number_survives_deleting_them_all()
    {
        Delete(_pid, 3);
        Assert.Equal([4L, 5L], Replay(_pid, 1, long.MaxValue, long.MaxValue).Events.Select(p => p.SequenceNr));
        Delete(_pid, 5);
        var (replayed, highest) = Replay(_pid, 1, long.MaxValue, long.MaxValue);
        Assert.Empty(replayed);
        Assert.Equal(5, highest);
    }

    [Fact]
    public void An_unknown_persistence_id_has_highest_sequence_number_zero()
    {
        var (replayed, highest) = Replay("unknown-" + Guid.NewGuid().ToString("N"), 1, long.MaxValue, long.MaxValue);
        Assert.Empty(replayed);
        Assert.Equal(0, highest);
    }

    [Fact]
    public void An_event_that_cannot_be_serialized_is_rejected_alone_and_the_others_are_written()
    {
        var probe = CreateTestProbe();
        var pid = "reject-" + Guid.NewGuid().ToString("N");
        var writes = new[] { Event(pid, 1, "good-1"), Event(pid, 2, new Unserializable()), Event(pid, 3, "good-3") };
        _journal.Tell(new WriteMessages(writes.Select(p => new AtomicWrite(p)), probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        Assert.Equal(1, probe.ExpectMsg<WriteMessageSuccess>(Timeout).Persistent.SequenceNr);
        var rejected = probe.ExpectMsg<WriteMessageRejected>(Timeout);
        Assert.Equal(2, rejected.Persistent.SequenceNr);
        Assert.Equal(3, probe.ExpectMsg<WriteMessageSuccess>(Timeout).Persistent.SequenceNr);
        Assert.Equal([1L, 3L], Replay(pid, 1, long.MaxValue, long.MaxValue).Events.Select(p => p.SequenceNr));
    }

    [Fact]
    public void An_atomic_write_is_stored_whole()
    {
        var probe = CreateTestProbe();
        var pid = "atomic-" + Guid.NewGuid().ToString("N");
        var batch = new AtomicWrite(System.Collections.Immutable.ImmutableList.Create<IPersistentRepresentation>(
            Event(pid, 1, "x-1"), Event(pid, 2, "x-2"), Event(pid, 3, "x-3")));
        _journal.Tell(new WriteMessages([batch], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(Timeout);
        Assert.Equal([1L, 2L, 3L], Replay(pid, 1, long.MaxValue, long.MaxValue).Events.Select(p => p.SequenceNr));
    }

    [Fact]
    public async Task Concurrent_writers_each_replay_in_order_and_the_journal_orders_all_of_them()
    {
        var pids = Enumerable.Range(0, 20).Select(i => $"concurrent-{i}-{Guid.NewGuid():N}").ToArray();
        var probes = pids.Select(_ => CreateTestProbe()).ToArray();
        for (var round = 1; round <= 10; round++)
        {
            for (var i = 0; i < pids.Length; i++)
            {
                _journal.Tell(new WriteMessages([new AtomicWrite(Event(pids[i], round, $"{pids[i]}:{round}"))], probes[i].Ref, 1));
            }
        }
        foreach (var probe in probes)
        {
            for (var round = 1; round <= 10; round++)
            {
                probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
                Assert.Equal(round, probe.ExpectMsg<WriteMessageSuccess>(Timeout).Persistent.SequenceNr);
            }
        }
        foreach (var pid in pids)
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), Replay(pid, 1, long.MaxValue, long.MaxValue).Events.Select(p => p.SequenceNr));
        }
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqliteReadJournal>(SqliteReadJournal.Identifier);
        var all = await journal.CurrentAllEvents(Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        var orderings = all.Select(e => ((Sequence)e.Offset).Value).ToList();
        Assert.Equal(orderings.Order(), orderings);
        Assert.Equal(orderings.Count, orderings.Distinct().Count());
        foreach (var pid in pids)
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), all.Where(e => e.PersistenceId == pid).Select(e => e.SequenceNr));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private Persistent Event(string pid, long sequenceNr, object payload) =>
        new(payload, sequenceNr, pid, string.Empty, isDeleted: false, ActorRefs.NoSender, _writer);

    private void WriteMessages(string pid, int from, int to)
    {
        var probe = CreateTestProbe();
        var writes = Enumerable.Range(from, to - from + 1).Select(n => new AtomicWrite(Event(pid, n, $"a-{n}"))).ToList();
        _journal.Tell(new WriteMessages(writes, probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        for (var n = from; n <= to; n++)
        {
            Assert.Equal(n, probe.ExpectMsg<WriteMessageSuccess>(Timeout).Persistent.SequenceNr);
        }
    }

    private (List<IPersistentRepresentation> Events, long Highest) Replay(string pid, long from, long to, long max)
    {
        var probe = CreateTestProbe();
        _journal.Tell(new ReplayMessages(from, to, max, pid, probe.Ref));
        var replayed = new List<IPersistentRepresentation>();
        while (true)
        {
            switch (probe.ReceiveOne(Timeout))
            {
                case ReplayedMessage message:
                    replayed.Add(message.Persistent);
                    break;
                case RecoverySuccess success:
                    return (replayed, success.HighestSequenceNr);
                case var other:
                    throw new Xunit.Sdk.XunitException($"unexpected reply {other}");
            }
        }
    }

    private void Delete(string pid, long to)
    {
        var probe = CreateTestProbe();
        _journal.Tell(new DeleteMessagesTo(pid, to, probe.Ref));
        Assert.Equal(to, probe.ExpectMsg<DeleteMessagesSuccess>(Timeout).ToSequenceNr);
    }

    /// <summary>A payload the default serializer fails on.</summary>
    private sealed class Unserializable
    {
        public int Value => throw new InvalidOperationException("not serializable");
    }
}
