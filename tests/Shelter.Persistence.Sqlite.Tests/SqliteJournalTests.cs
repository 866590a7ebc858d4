using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
namespace Shelter.Persistence.Sqlite.Tests;

/// <summary>Shelter's SQLite journal on its own: group commit, failure isolation, deletion, and its read journal.</summary>
public sealed class SqliteJournalTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly JournalFile _database;
    private readonly string _file;

    public SqliteJournalTests() : this(new JournalFile())
    {
    }

    private SqliteJournalTests(JournalFile database) : base(database.Config, "journal-test")
    {
        _database = database;
        _file = database.Path;
    }

    [Fact]
    public async Task Concurrent_writes_of_many_actors_all_commit_and_a_conflicting_write_fails_alone()
    {
        var victim = Sys.ActorOf(Recorder.Props("victim"));
        Assert.Equal(0, await victim.Ask<int>(new Count(), Timeout));
        // Another writer takes sequence number 1 behind the actor's back, so the actor's first write must fail.
        Execute("INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier) VALUES (0, 0, 'victim', 1, x'00', '', 1)");
        Watch(victim);

        var recorders = Enumerable.Range(0, 200).Select(i => Sys.ActorOf(Recorder.Props($"r{i}"))).ToList();
        var writes = recorders.Select((r, i) => r.Ask<long>(new Record($"event {i}", Tagged: i % 2 == 0), Timeout)).ToList();
        victim.Tell(new Record("lost", Tagged: false));
        var sequenceNumbers = await Task.WhenAll(writes);

        Assert.All(sequenceNumbers, n => Assert.Equal(1, n));
        ExpectTerminated(victim, Timeout);
        Assert.Equal(200L, Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'r%'"));
        Assert.Equal(100L, Scalar("SELECT COUNT(*) FROM tags WHERE tag = 'test'"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'victim'"));
    }

    [Fact]
    public async Task Deleting_events_keeps_the_highest_sequence_number()
    {
        var recorder = Sys.ActorOf(Recorder.Props("deleting"));
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(i, await recorder.Ask<long>(new Record($"e{i}", Tagged: true), Timeout));
        }
        Assert.True(await recorder.Ask<bool>(new Delete(3), Timeout));
        await Restart(recorder);
        var restarted = Sys.ActorOf(Recorder.Props("deleting"));
        Assert.Equal(["e4", "e5"], await restarted.Ask<string[]>(new Events(), Timeout));
        Assert.True(await restarted.Ask<bool>(new Delete(5), Timeout));
        await Restart(restarted);

        var again = Sys.ActorOf(Recorder.Props("deleting"));
        Assert.Empty(await again.Ask<string[]>(new Events(), Timeout));
        Assert.Equal(6, await again.Ask<long>(new Record("e6", Tagged: false), Timeout));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM tags WHERE persistence_id = 'deleting'"));
    }

    [Fact]
    public async Task The_read_journal_follows_all_events_in_order_and_by_tag()
    {
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqliteReadJournal>(SqliteReadJournal.Identifier);
        var materializer = Sys.Materializer();
        var tagged = journal.EventsByTag("test", Offset.NoOffset()).Take(4).RunWith(Sink.Seq<EventEnvelope>(), materializer);
        var a = Sys.ActorOf(Recorder.Props("a"));
        var b = Sys.ActorOf(Recorder.Props("b"));
        await a.Ask<long>(new Record("a1", Tagged: true), Timeout);
        await b.Ask<long>(new Record("b1", Tagged: false), Timeout);
        await a.Ask<long>(new Record("a2", Tagged: false), Timeout);
        await b.Ask<long>(new Record("b2", Tagged: true), Timeout);
        await a.Ask<long>(new Record("a3", Tagged: true), Timeout);
        await b.Ask<long>(new Record("b3", Tagged: true), Timeout);

        var all = await journal.CurrentAllEvents(Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), materializer);
        Assert.Equal(["a1", "b1", "a2", "b2", "a3", "b3"], all.Select(e => (string)e.Event));
        Assert.Equal(all.Select(e => ((Sequence)e.Offset).Value).Order(), all.Select(e => ((Sequence)e.Offset).Value));
        var live = await tagged.WaitAsync(Timeout);
        Assert.Equal(["a1", "b2", "a3", "b3"], live.Select(e => (string)e.Event));
        Assert.All(live, e => Assert.Equal(["test"], e.Tags));
        var afterSecond = await journal.CurrentEventsByTag("test", live[1].Offset).RunWith(Sink.Seq<EventEnvelope>(), materializer);
        Assert.Equal(["a3", "b3"], afterSecond.Select(e => (string)e.Event));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private async Task Restart(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor, Timeout);
        await Task.Yield();
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private sealed record Record(string Event, bool Tagged);

    private sealed record Count;

    private sealed record Events;

    private sealed record Delete(long To);

    private sealed class Recorder : ReceivePersistentActor
    {
        private readonly List<string> _events = [];
        private IActorRef? _deleteRequester;

        public Recorder(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_events.Add);
            Command<Record>(record =>
            {
                var replyTo = Sender;
                Persist<object>(record.Tagged ? new Tagged(record.Event, ["test"]) : record.Event, _ =>
                {
                    _events.Add(record.Event);
                    replyTo.Tell(LastSequenceNr);
                });
            });
            Command<Count>(_ => Sender.Tell(_events.Count));
            Command<Events>(_ => Sender.Tell(_events.ToArray()));
            Command<Delete>(delete =>
            {
                _deleteRequester = Sender;
                DeleteMessages(delete.To);
            });
            Command<DeleteMessagesSuccess>(_ => _deleteRequester?.Tell(true));
            Command<DeleteMessagesFailure>(_ => _deleteRequester?.Tell(false));
        }

        public override string PersistenceId { get; }

        public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new Recorder(persistenceId));
    }
}
