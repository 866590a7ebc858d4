using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite.Tests;

/// <summary>
/// The writer's queue is bounded: while the file's write lock is held elsewhere, the writes past the queue's room are
/// refused at once (a rejection: the actor keeps going), the health says the queue is full, and once the lock is
/// released every write that was queued commits. The lock is held for less than Akka's journal call timeout (10 s),
/// after which Akka itself fails the waiting writes.
/// </summary>
public sealed class WriteQueueTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly JournalFile _database;

    public WriteQueueTests() : this(new JournalFile())
    {
    }

    private WriteQueueTests(JournalFile database) : base(
        ConfigurationFactory.ParseString($"{SqlitePersistence.JournalPluginId}.max-queued-writes = 1").WithFallback(database.Config), "write-queue")
    {
        _database = database;
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_what_it_held_commits_afterwards()
    {
        var health = SqliteJournalExtension.Get(Sys).Health;
        var first = Sys.ActorOf(Writer.Props("first"));
        Assert.Equal("written 1", await first.Ask<string>("warm", Timeout));

        using var blocker = new SqliteConnection(_database.ConnectionString);
        blocker.Open();
        using (var transaction = blocker.BeginTransaction())
        {
            // The writer takes the next write and waits for the lock; the one after fills the queue; the third is refused.
            var taken = first.Ask<string>("taken", Timeout);
            await Until(() => health.CommitStartedAt is not null);
            var second = Sys.ActorOf(Writer.Props("second"));
            var queued = second.Ask<string>("queued", Timeout);
            await Until(() => health.QueueFull);
            var third = Sys.ActorOf(Writer.Props("third"));
            var refused = third.Ask<string>("refused", Timeout);
            await Until(() => health.RejectedWhileFull == 1);

            Assert.False(taken.IsCompleted);
            Assert.False(queued.IsCompleted);
            transaction.Commit();
            Assert.Equal("written 2", await taken);
            Assert.Equal("written 1", await queued);
            // Akka answers a journal's writes in the order it received them, so the refusal reaches its actor after those.
            Assert.StartsWith("rejected: the journal's write queue is full", await refused);
            // The refused actor carried on; its refused event kept its sequence number, so the next write takes the one after.
            Assert.Equal("written 2", await third.Ask<string>("again", Timeout));
        }
        Assert.False(health.QueueFull);
        Assert.Null(health.Failure);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    /// <summary>Persists each string it is sent and answers how it went.</summary>
    private sealed class Writer : ReceivePersistentActor
    {
        private IActorRef? _waiting;

        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_ => { });
            Command<string>(text =>
            {
                _waiting = Sender;
                Persist(text, _ => _waiting.Tell($"written {LastSequenceNr}"));
            });
        }

        public override string PersistenceId { get; }

        public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new Writer(persistenceId));

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => _waiting?.Tell($"rejected: {cause.Message}");
    }
}
