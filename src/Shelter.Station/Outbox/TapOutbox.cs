using System.Text.Json;
using Microsoft.Data.Sqlite;
using Shelter.Protocol;

namespace Shelter.Station.Outbox;

/// <summary>
/// The station's store and forward: every tap is committed here before it is first posted, and stays until the server
/// has answered it; answered taps are kept a while (for the volunteer's "needs attention" list and the local duplicate
/// hints) and then deleted, so the station does not become a store of identifiers. One SQLite file in a folder only
/// its owner can open; written with <c>synchronous=FULL</c>, so a tap shown as recorded survives a power cut.
/// </summary>
public sealed class TapOutbox : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public TapOutbox(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "outbox.db"), Pooling = false }.ConnectionString);
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=FULL");
        Execute("""
            CREATE TABLE IF NOT EXISTS taps (
              seq INTEGER PRIMARY KEY AUTOINCREMENT, tap_id TEXT NOT NULL UNIQUE, json TEXT NOT NULL, recorded_at INTEGER NOT NULL,
              status TEXT NULL, reason TEXT NULL, answered_at INTEGER NULL)
            """);
        Execute("CREATE INDEX IF NOT EXISTS taps_waiting ON taps (seq) WHERE status IS NULL");
    }

    /// <summary>Commits a tap, as the JSON that will be posted, before its first post.</summary>
    public void Add(ReaderTap tap, DateTimeOffset recordedAt) => Add(tap.TapId, JsonSerializer.Serialize(tap, ReaderProtocol.Json), recordedAt);

    /// <summary>Commits a tap's JSON before its first post; a tap ID already held is left as it is.</summary>
    public void Add(string tapId, string json, DateTimeOffset recordedAt)
    {
        lock (_gate)
        {
            using var command = Command("INSERT OR IGNORE INTO taps (tap_id, json, recorded_at) VALUES (@id, @json, @at)",
                ("id", tapId), ("json", json), ("at", recordedAt.ToUnixTimeMilliseconds()));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>How many taps wait for an answer.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                using var command = Command("SELECT COUNT(*) FROM taps WHERE status IS NULL");
                return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The oldest waiting taps, as many as fit in <paramref name="maxTaps"/> and <paramref name="maxBytes"/> of JSON (at least one).</summary>
    public IReadOnlyList<OutboxTap> Waiting(int maxTaps, int maxBytes)
    {
        lock (_gate)
        {
            using var command = Command($"SELECT {Columns} FROM taps WHERE status IS NULL ORDER BY seq LIMIT @max", ("max", maxTaps));
            using var reader = command.ExecuteReader();
            var taps = new List<OutboxTap>();
            var bytes = 0;
            while (reader.Read())
            {
                var tap = Row(reader);
                bytes += System.Text.Encoding.UTF8.GetByteCount(tap.Json) + 1;
                if (taps.Count > 0 && bytes > maxBytes)
                {
                    break;
                }
                taps.Add(tap);
            }
            return taps;
        }
    }

    /// <summary>Records the server's answer to a tap: it is no longer sent.</summary>
    public void Answered(string tapId, string status, string? reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var command = Command("UPDATE taps SET status = @status, reason = @reason, answered_at = @at WHERE tap_id = @id AND status IS NULL",
                ("id", tapId), ("status", status), ("reason", reason), ("at", at.ToUnixTimeMilliseconds()));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A tap as held, answered or not; null when it is not (or no longer) held.</summary>
    public OutboxTap? Find(string tapId)
    {
        lock (_gate)
        {
            using var command = Command($"SELECT {Columns} FROM taps WHERE tap_id = @id", ("id", tapId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? Row(reader) : null;
        }
    }

    /// <summary>Deletes taps answered before <paramref name="before"/>; how many went.</summary>
    public int Forget(DateTimeOffset before)
    {
        lock (_gate)
        {
            using var command = Command("DELETE FROM taps WHERE status IS NOT NULL AND answered_at < @before", ("before", before.ToUnixTimeMilliseconds()));
            return command.ExecuteNonQuery();
        }
    }

    private const string Columns = "seq, tap_id, json, recorded_at, status, reason";

    private static OutboxTap Row(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public void Dispose() => _connection.Dispose();
}
