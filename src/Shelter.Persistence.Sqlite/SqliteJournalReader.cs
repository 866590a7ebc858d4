using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// The journal's reads, for recovery (highest sequence number, replay) and for the read journal, on a small pool of connections that keep their
/// prepared statements. In WAL mode readers never wait for the writer, so recoveries run beside the group commit.
/// </summary>
internal sealed class SqliteJournalReader(string connectionString) : IDisposable
{
    private readonly ConcurrentBag<Connection> _idle = [];
    private volatile bool _disposed;

    public long HighestSequenceNr(string persistenceId) => Use(connection =>
    {
        connection.Highest.Parameters[0].Value = persistenceId;
        return connection.Highest.ExecuteScalar() is long highest ? highest : 0L;
    });

    /// <summary>The events of one persistence ID in a sequence range, in order, at most <paramref name="max"/>; deleted ones skipped.</summary>
    public void Replay(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow) => Use(connection =>
    {
        var parameters = connection.Replay.Parameters;
        parameters[0].Value = persistenceId;
        parameters[1].Value = fromSequenceNr;
        parameters[2].Value = toSequenceNr;
        parameters[3].Value = max;
        using var reader = connection.Replay.ExecuteReader();
        while (reader.Read())
        {
            onRow(Row(reader, 0, persistenceId, []));
        }
        return 0;
    });

    /// <summary>
    /// Up to <paramref name="max"/> events after a journal ordering, in ordering order, of all persistence IDs or of one
    /// tag. With one writer committing in order, a row is never seen before the rows ordered below it.
    /// </summary>
    public List<(long Ordering, JournalRow Row)> After(long ordering, string? tag, int max) => Use(connection =>
    {
        var command = tag is null ? connection.All : connection.Tagged;
        command.Parameters["$after"].Value = ordering;
        command.Parameters["$max"].Value = max;
        if (tag is not null)
        {
            command.Parameters["$tag"].Value = tag;
        }
        var rows = new List<(long, JournalRow)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), Row(reader, 2, reader.GetString(1), tag is null ? [] : [tag])));
        }
        return rows;
    });

    /// <summary>A journal row from the columns <see cref="Connection.EventColumns"/>, starting at <paramref name="first"/>.</summary>
    private static JournalRow Row(SqliteDataReader reader, int first, string persistenceId, IReadOnlyCollection<string> tags) => new(
        persistenceId, reader.GetInt64(first), reader.GetInt64(first + 1), (byte[])reader.GetValue(first + 2),
        reader.IsDBNull(first + 3) ? string.Empty : reader.GetString(first + 3), reader.IsDBNull(first + 4) ? 0 : reader.GetInt32(first + 4),
        reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5), tags);

    private T Use<T>(Func<Connection, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _idle.TryTake(out var idle) ? idle : new Connection(connectionString);
        try
        {
            return read(connection);
        }
        finally
        {
            if (_disposed)
            {
                connection.Dispose();
            }
            else
            {
                _idle.Add(connection);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private sealed class Connection : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Connection(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _connection.Execute("PRAGMA busy_timeout=10000;");
            // Deleted rows count here: the highest one is kept, flagged, so a persistence ID never reuses a sequence number.
            Highest = _connection.Statement("SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid", "$pid");
            Replay = _connection.Statement($"""
                SELECT {EventColumns} FROM journal
                WHERE persistence_id = $pid AND sequence_number >= $from AND sequence_number <= $to AND deleted = 0
                ORDER BY sequence_number LIMIT $max
                """, "$pid", "$from", "$to", "$max");
            All = _connection.Statement($"""
                SELECT ordering, persistence_id, {EventColumns} FROM journal
                WHERE ordering > $after AND deleted = 0 ORDER BY ordering LIMIT $max
                """, "$after", "$max");
            Tagged = _connection.Statement($"""
                SELECT j.ordering, j.persistence_id, {EventColumns}
                FROM tags t JOIN journal j ON j.ordering = t.ordering_id
                WHERE t.tag = $tag AND t.ordering_id > $after AND j.deleted = 0 ORDER BY t.ordering_id LIMIT $max
                """, "$tag", "$after", "$max");
        }

        public SqliteCommand All { get; }

        public SqliteCommand Tagged { get; }

        /// <summary>What <see cref="Row"/> reads, in its order.</summary>
        public const string EventColumns = "sequence_number, created, message, manifest, identifier, writer_uuid";

        public SqliteCommand Highest { get; }

        public SqliteCommand Replay { get; }

        public void Dispose()
        {
            Highest.Dispose();
            Replay.Dispose();
            All.Dispose();
            Tagged.Dispose();
            _connection.Dispose();
        }
    }
}
