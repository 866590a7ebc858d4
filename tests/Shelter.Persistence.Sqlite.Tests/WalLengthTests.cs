using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite.Tests;

/// <summary>
/// Under steady writes with readers always reading, the write-ahead log still starts again from its beginning: it stays
/// near the length at which the writer finishes a checkpoint itself, instead of growing with every commit (it grew by
/// 900 MB a minute at full load when only the checkpoint thread copied it).
/// </summary>
public sealed class WalLengthTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Events = 6_000;
    private readonly JournalFile _database;

    public WalLengthTests() : this(new JournalFile())
    {
    }

    private WalLengthTests(JournalFile database) : base(
        ConfigurationFactory.ParseString($"""
            {SqlitePersistence.JournalPluginId}.synchronous = Normal
            {SqlitePersistence.JournalPluginId}.checkpoint-interval = 100ms
            """).WithFallback(database.Config), "wal-length")
    {
        _database = database;
    }

    [Fact]
    public async Task The_log_starts_again_under_steady_writes_and_reads()
    {
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            using var connection = new SqliteConnection(_database.ConnectionString);
            connection.Open();
            while (!stop.IsCancellationRequested)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM journal";
                command.ExecuteScalar();
            }
        });
        var writer = Sys.ActorOf(Props.Create(() => new Writer()));
        long longest = 0;
        for (var i = 0; i < Events; i++)
        {
            await writer.Ask<long>(new string('x', 2_000), TimeSpan.FromSeconds(20));
            if (i % 100 == 0)
            {
                longest = Math.Max(longest, WalBytes());
            }
        }
        await stop.CancelAsync();
        await reader;

        // Without the log starting again it holds every commit's pages: about 165 MB here; with it, about 40 MB.
        Assert.True(longest < 80_000_000, $"the log reached {longest:N0} bytes");
        Assert.True(longest > 0);
    }

    private long WalBytes() => new FileInfo(_database.Path + "-wal") is { Exists: true } file ? file.Length : 0;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    private sealed class Writer : ReceivePersistentActor
    {
        public Writer()
        {
            Recover<string>(_ => { });
            Command<string>(text =>
            {
                var replyTo = Sender;
                Persist(text, _ => replyTo.Tell(LastSequenceNr));
            });
        }

        public override string PersistenceId => "wal-writer";
    }
}
