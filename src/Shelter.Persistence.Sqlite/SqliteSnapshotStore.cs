using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// The single-node snapshot store: Akka.Persistence.Sql's <c>snapshot</c> table, in a file of its own beside the
/// journal (<see cref="SqliteSnapshotFile"/>), read with prepared statements on the journal's read pool. Evacuees ask
/// it on every recovery: for one without a snapshot (nearly all) it answers from memory, for one with a snapshot it
/// costs one indexed lookup, not a linq2db query. A large shelter snapshot takes this file's write lock, never the
/// journal's.
/// </summary>
public sealed class SqliteSnapshotStore : SnapshotStore
{
    private const string Columns = "persistence_id, sequence_number, created, snapshot, manifest, serializer_id";

    private readonly string _connectionString;
    private readonly SqliteSynchronous _synchronous;
    private readonly SqliteReadPool _reads;
    private readonly ExtendedActorSystem _system;
    private readonly ThreadLocalConnections _readers;
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>
    /// Every persistence ID with a snapshot in the file. Most evacuees never have one, and every recovery asks: for them
    /// the answer is known without a query. This node is the file's only writer, so the set stays true.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _withSnapshots = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;

    public SqliteSnapshotStore(Config config)
    {
        _connectionString = config.GetString("connection-string");
        _synchronous = Enum.Parse<SqliteSynchronous>(config.GetString("synchronous", nameof(SqliteSynchronous.Full)), ignoreCase: true);
        _system = (ExtendedActorSystem)Context.System;
        _reads = SqliteJournalExtension.Get(_system).Reads;
        SqlitePragmas.PrepareDatabase(_connectionString, createJournal: false);
        using (var connection = Open())
        {
            connection.Execute(Schema);
            using var known = connection.CreateCommand();
            known.CommandText = "SELECT DISTINCT persistence_id FROM snapshot";
            using var reader = known.ExecuteReader();
            while (reader.Read())
            {
                _withSnapshots[reader.GetString(0)] = 0;
            }
        }
        _readers = new ThreadLocalConnections(_connectionString);
    }

    /// <summary>Akka.Persistence.Sql's snapshot table on SQLite, so files written by either store are read by the other.</summary>
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS [snapshot]
        (
          [persistence_id]  NVarChar(255) NOT NULL,
          [sequence_number] INTEGER       NOT NULL,
          [created]         INTEGER       NOT NULL,
          [snapshot]        VarBinary         NULL,
          [manifest]        NVarChar(500)     NULL,
          [serializer_id]   INTEGER           NULL,
          CONSTRAINT [PK_snapshot] PRIMARY KEY ([persistence_id], [sequence_number])
        );
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
        """;

    private const string Matching = """
        persistence_id = $pid AND sequence_number <= $maxSeq AND sequence_number >= $minSeq AND created <= $maxTime AND created >= $minTime
        """;

    /// <summary>The parameters of <see cref="Matching"/>, as <see cref="Bind"/> fills them.</summary>
    private static readonly string[] MatchingParameters = ["$pid", "$maxSeq", "$minSeq", "$maxTime", "$minTime"];

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        !_withSnapshots.ContainsKey(persistenceId) ? Task.FromResult<SelectedSnapshot?>(null) : _reads.Run(() =>
    {
        var command = _readers.Load;
        Bind(command, persistenceId, criteria);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var snapshot = _system.Serialization.Deserialize((byte[])reader.GetValue(3), reader.IsDBNull(5) ? 0 : reader.GetInt32(5),
            reader.IsDBNull(4) ? string.Empty : reader.GetString(4));
        return new SelectedSnapshot(new SnapshotMetadata(persistenceId, reader.GetInt64(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)), snapshot);
    });

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        var stored = StoredPayload.Of(_system, snapshot);
        _withSnapshots[metadata.PersistenceId] = 0;
        return Write($"INSERT OR REPLACE INTO snapshot ({Columns}) VALUES ($pid, $seq, $created, $snapshot, $manifest, $serializer)", command =>
        {
            command.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            command.Parameters.AddWithValue("$seq", metadata.SequenceNr);
            command.Parameters.AddWithValue("$created", metadata.Timestamp == DateTime.MinValue ? DateTime.UtcNow.Ticks : metadata.Timestamp.Ticks);
            command.Parameters.AddWithValue("$snapshot", stored.Bytes);
            command.Parameters.AddWithValue("$manifest", stored.Manifest);
            command.Parameters.AddWithValue("$serializer", stored.SerializerId);
        });
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        Write("DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_number = $seq", command =>
        {
            command.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            command.Parameters.AddWithValue("$seq", metadata.SequenceNr);
        });

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Write($"DELETE FROM snapshot WHERE {Matching}", command =>
        {
            foreach (var name in MatchingParameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            Bind(command, persistenceId, criteria);
        });

    /// <summary>Writes are rare (a snapshot every so many events) and run one at a time on one connection, off the actors' threads.</summary>
    private async Task Write(string sql, Action<SqliteCommand> bind)
    {
        await _writing.WaitAsync();
        try
        {
            await Task.Run(() =>
            {
                _writer ??= Open();
                using var command = _writer.CreateCommand();
                command.CommandText = sql;
                bind(command);
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (SqliteException)
                {
                    // A connection that failed a write (a full disk) is not trusted again; the next write opens a new one.
                    _writer.Dispose();
                    _writer = null;
                    throw;
                }
            });
        }
        finally
        {
            _writing.Release();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL; " + SqlitePragmas.For(_synchronous));
        return connection;
    }

    private static void Bind(SqliteCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.Parameters["$pid"].Value = persistenceId;
        command.Parameters["$maxSeq"].Value = criteria.MaxSequenceNr;
        command.Parameters["$minSeq"].Value = criteria.MinSequenceNr;
        command.Parameters["$maxTime"].Value = criteria.MaxTimeStamp.Ticks;
        command.Parameters["$minTime"].Value = criteria.MinTimestamp?.Ticks ?? 0L;
    }

    protected override void PostStop()
    {
        _readers.Dispose();
        _writer?.Dispose();
        _writing.Dispose();
        base.PostStop();
    }

    /// <summary>One read connection and prepared load statement per read-pool thread.</summary>
    private sealed class ThreadLocalConnections(string connectionString) : IDisposable
    {
        private readonly ThreadLocal<(SqliteConnection Connection, SqliteCommand Load)> _perThread = new(() =>
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            connection.Execute("PRAGMA busy_timeout=10000;");
            var load = connection.Statement($"SELECT {Columns} FROM snapshot WHERE {Matching} ORDER BY sequence_number DESC LIMIT 1", MatchingParameters);
            return (connection, load);
        }, trackAllValues: true);

        public SqliteCommand Load => _perThread.Value.Load;

        public void Dispose()
        {
            foreach (var (connection, load) in _perThread.Values)
            {
                load.Dispose();
                connection.Dispose();
            }
            _perThread.Dispose();
        }
    }
}
