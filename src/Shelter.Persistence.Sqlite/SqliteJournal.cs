using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// The single-node journal: Akka.Persistence.Sql's table layout on SQLite, written through one group-committing
/// connection with prepared statements (<see cref="SqliteJournalWriter"/>) and read back on pooled ones
/// (<see cref="SqliteJournalReader"/>). Akka.Persistence.Sql's own journal spends most of its time in linq2db and
/// Akka.Streams per write and per recovery query, which capped a node at about 1,300 first taps/s; this one keeps its
/// read journal and snapshot store and replaces only that path. Like any journal it confirms a write only after the
/// commit that holds it.
/// </summary>
public sealed class SqliteJournal : AsyncWriteJournal
{
    private readonly SqliteJournalWriter _writer;
    private readonly SqliteJournalReader _reader;
    private readonly SqliteReadPool _reads;
    private readonly SqliteJournalHealth _health;
    private readonly Action<string?> _onHealth;
    private readonly ExtendedActorSystem _system;
    private readonly Akka.Serialization.Serialization _serialization;

    /// <summary>Writes not yet committed, per persistence ID: a recovery must not read its highest sequence number past them.</summary>
    private readonly ConcurrentDictionary<string, Task> _writing = new(StringComparer.Ordinal);

    public SqliteJournal(Config config)
    {
        var connectionString = config.GetString("connection-string");
        var synchronous = Enum.Parse<SqliteSynchronous>(config.GetString("synchronous", nameof(SqliteSynchronous.Full)), ignoreCase: true);
        _system = (ExtendedActorSystem)Context.System;
        var shared = SqliteJournalExtension.Get(_system);
        var log = Logging.GetLogger(_system, "shelter-journal");
        _onHealth = failure =>
        {
            if (failure is null)
            {
                log.Info("the journal file takes writes again (a probe commit succeeded)");
            }
            else
            {
                log.Error("the journal file cannot be written ({0}); writes are refused until a probe commit succeeds", failure);
            }
        };
        shared.Health.Changed += _onHealth;
        _health = shared.Health;
        _writer = new SqliteJournalWriter(connectionString, synchronous, new SqliteJournalWriter.WriterLimits(
            config.GetInt("max-rows-per-commit", 1000), config.GetInt("max-queued-writes", 10_000),
            config.GetTimeSpan("probe-interval", TimeSpan.FromMilliseconds(500)), config.GetTimeSpan("checkpoint-interval", TimeSpan.FromSeconds(1))),
            shared.Health);
        _reader = new SqliteJournalReader(connectionString);
        _reads = shared.Reads;
        _serialization = _system.Serialization;
    }

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? [.. messages];
        var now = DateTime.UtcNow.Ticks;
        var rows = new List<JournalRow>(writes.Count);
        Exception?[]? rejections = null;
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                // An atomic write (PersistAll) is serialized whole or rejected whole.
                rows.AddRange([.. ((IImmutableList<IPersistentRepresentation>)writes[i].Payload).Select(e => Serialize(e, now))]);
            }
            catch (Exception e)
            {
                (rejections ??= new Exception?[writes.Count])[i] = e;
            }
        }
        if (rows.Count > 0)
        {
            var persistenceId = writes[0].PersistenceId;
            var written = _writer.Write(rows);
            _writing[persistenceId] = written;
            try
            {
                await written;
            }
            catch (JournalRefusedException refused) when (refused.NothingStored)
            {
                // Refused before the file: a rejection, so the actor keeps its state and answers at once.
                return ImmutableList.CreateRange(writes.Select((_, i) => rejections?[i] ?? refused));
            }
            finally
            {
                _writing.TryRemove(KeyValuePair.Create(persistenceId, written));
            }
        }
        // Akka reads a null list as "all written"; a null entry as "this one written".
        return rejections is null ? null! : ImmutableList.CreateRange(rejections.Select(e => e!));
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writing.TryGetValue(persistenceId, out var pending))
        {
            // Whether it failed or not, only its end matters here.
            await pending.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
        return await _reads.Run(() => _reader.HighestSequenceNr(persistenceId));
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback) => _reads.Run(() =>
        {
            _reader.Replay(persistenceId, fromSequenceNr, toSequenceNr, max, row => recoveryCallback(new Persistent(
                _serialization.Deserialize(row.Message, row.SerializerId, row.Manifest), row.SequenceNr, persistenceId, row.Manifest,
                isDeleted: false, ActorRefs.NoSender, row.WriterUuid, row.Created)));
            return 0;
        });

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => _writer.Delete(persistenceId, toSequenceNr);

    protected override void PostStop()
    {
        _health.Changed -= _onHealth;
        _writer.Dispose();
        _reader.Dispose();
        base.PostStop();
    }

    private JournalRow Serialize(IPersistentRepresentation representation, long now)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, (IReadOnlyCollection<string>)tagged.Tags)
            : (representation.Payload, []);
        var stored = StoredPayload.Of(_system, payload);
        return new JournalRow(representation.PersistenceId, representation.SequenceNr, representation.Timestamp == 0 ? now : representation.Timestamp,
            stored.Bytes, stored.Manifest, stored.SerializerId, representation.WriterGuid, tags);
    }
}
