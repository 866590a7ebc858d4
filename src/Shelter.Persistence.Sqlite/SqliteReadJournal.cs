using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Akka.Util;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// The queries the relay and the dashboard projection follow, read straight from <see cref="SqliteJournal"/>'s file
/// with prepared statements. Akka.Persistence.Sql's read journal answers the same queries on the same tables, but
/// through linq2db, a sequence actor and several stream stages per batch: under a surge it fell tens of seconds
/// behind the taps it relays. With one writer committing in order, an ordering is never seen before those below it,
/// so polling after the last ordering read misses nothing.
/// </summary>
public sealed class SqliteReadJournal : IAllEventsQuery, ICurrentAllEventsQuery, IEventsByTagQuery, ICurrentEventsByTagQuery
{
    public const string Identifier = "akka.persistence.query.journal.shelter-sqlite";

    private readonly SqliteJournalReader _reader;
    private readonly SqliteReadPool _reads;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly TimeSpan _refreshInterval;
    private readonly int _batchSize;

    public SqliteReadJournal(ExtendedActorSystem system, Config config)
    {
        _reader = new SqliteJournalReader(config.GetString("connection-string"));
        _reads = SqliteJournalExtension.Get(system).Reads;
        _serialization = system.Serialization;
        _refreshInterval = config.GetTimeSpan("refresh-interval", TimeSpan.FromMilliseconds(100));
        _batchSize = config.GetInt("max-buffer-size", 1000);
        system.RegisterOnTermination(_reader.Dispose);
    }

    public Source<EventEnvelope, NotUsed> AllEvents(Offset offset) => Events(After(offset), tag: null, live: true);

    public Source<EventEnvelope, NotUsed> CurrentAllEvents(Offset offset) => Events(After(offset), tag: null, live: false);

    public Source<EventEnvelope, NotUsed> EventsByTag(string tag, Offset offset) => Events(After(offset), tag, live: true);

    public Source<EventEnvelope, NotUsed> CurrentEventsByTag(string tag, Offset offset) => Events(After(offset), tag, live: false);

    private static long After(Offset offset) => offset is Sequence sequence ? sequence.Value : 0;

    /// <summary>Batches of events after an ordering; a live query waits a refresh interval when it has read everything, a current one ends.</summary>
    private Source<EventEnvelope, NotUsed> Events(long after, string? tag, bool live) =>
        Source.UnfoldAsync<long, List<EventEnvelope>>(after, async from =>
        {
            while (true)
            {
                var rows = await _reads.Run(() => _reader.After(from, tag, _batchSize));
                if (rows.Count > 0)
                {
                    return Option<(long, List<EventEnvelope>)>.Create((rows[^1].Ordering, rows.ConvertAll(Envelope)));
                }
                if (!live)
                {
                    return Option<(long, List<EventEnvelope>)>.None;
                }
                await Task.Delay(_refreshInterval);
            }
        }).SelectMany(batch => batch);

    private EventEnvelope Envelope((long Ordering, JournalRow Row) stored) => new(new Sequence(stored.Ordering), stored.Row.PersistenceId,
        stored.Row.SequenceNr, _serialization.Deserialize(stored.Row.Message, stored.Row.SerializerId, stored.Row.Manifest), stored.Row.Created,
        [.. stored.Row.Tags]);
}
