using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Shelter.Protocol;

namespace Shelter.Station.Outbox;

/// <summary>
/// The station's store and forward: every tap is committed here before it is first posted, and stays until the server
/// has answered it; answered taps are kept a while (for the volunteer's "needs attention" list and the local duplicate
/// hints) and then deleted, so the station does not become a store of identifiers. One SQLite file in a folder only
/// its owner can open; written with <c>synchronous=FULL</c>, so a tap shown as recorded survives a power cut. The
/// credential of each tap is kept only as a hash, for the local duplicate hint.
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
              action TEXT NOT NULL, occurred_at INTEGER NOT NULL, credential TEXT NOT NULL,
              status TEXT NULL, reason TEXT NULL, answered_at INTEGER NULL, attention INTEGER NOT NULL DEFAULT 0)
            """);
        Execute("CREATE INDEX IF NOT EXISTS taps_waiting ON taps (seq) WHERE status IS NULL");
        Execute("CREATE INDEX IF NOT EXISTS taps_credential ON taps (credential, action)");
    }

    /// <summary>Commits a tap, as the JSON that will be posted, before its first post.</summary>
    public void Add(ReaderTap tap, DateTimeOffset recordedAt) => Add(tap, JsonSerializer.Serialize(tap, ReaderProtocol.Json), recordedAt);

    /// <summary>Commits a tap's JSON (as first written, for a resend) before its first post; a tap ID already held is left as it is.</summary>
    public void Add(string json, DateTimeOffset recordedAt) =>
        Add(JsonSerializer.Deserialize<ReaderTap>(json, ReaderProtocol.Json) ?? throw new ArgumentException("not a tap", nameof(json)), json, recordedAt);

    private void Add(ReaderTap tap, string json, DateTimeOffset recordedAt)
    {
        lock (_gate)
        {
            using var command = Command("""
                INSERT OR IGNORE INTO taps (tap_id, json, recorded_at, action, occurred_at, credential)
                VALUES (@id, @json, @at, @action, @occurred, @credential)
                """,
                ("id", tap.TapId), ("json", json), ("at", recordedAt.ToUnixTimeMilliseconds()), ("action", tap.Action),
                ("occurred", TapTime.TryParse(tap.OccurredAt, out var occurred) ? occurred.ToUnixTimeMilliseconds() : recordedAt.ToUnixTimeMilliseconds()),
                ("credential", CredentialKey(tap.Credential)));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A hash that is the same for every tap of one card or phone (its certificate, or a temporary card's IDm).</summary>
    public static string CredentialKey(TapCredential credential) =>
        Convert.ToHexString(SHA256.HashData(credential.Certificate is { } certificate ? Convert.FromBase64String(certificate)
            : Encoding.UTF8.GetBytes("card:" + credential.CardId?.ToUpperInvariant())));

    /// <summary>When taps of this credential and action that stand (waiting, or answered with effect) were made.</summary>
    public IReadOnlyList<DateTimeOffset> Standing(string credentialKey, string action)
    {
        lock (_gate)
        {
            using var command = Command("SELECT occurred_at FROM taps WHERE credential = @credential AND action = @action AND (status IS NULL OR reason IS NULL)",
                ("credential", credentialKey), ("action", action));
            using var reader = command.ExecuteReader();
            var times = new List<DateTimeOffset>();
            while (reader.Read())
            {
                times.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
            }
            return times;
        }
    }

    /// <summary>Marks an answered tap as one the volunteer must look at (a late refusal); kept until dismissed.</summary>
    public void NeedsAttention(string tapId, bool needed)
    {
        lock (_gate)
        {
            using var command = Command("UPDATE taps SET attention = @needed WHERE tap_id = @id AND status IS NOT NULL", ("id", tapId), ("needed", needed ? 1 : 0));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The taps marked for attention, oldest first.</summary>
    public IReadOnlyList<OutboxTap> Attention()
    {
        lock (_gate)
        {
            using var command = Command($"SELECT {Columns} FROM taps WHERE attention = 1 ORDER BY seq");
            return Rows(command);
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
                bytes += Encoding.UTF8.GetByteCount(tap.Json) + 1;
                if (taps.Count > 0 && bytes > maxBytes)
                {
                    break;
                }
                taps.Add(tap);
            }
            return taps;
        }
    }

    /// <summary>Records the server's answers to a batch, in one commit: those taps are no longer sent.</summary>
    public void Answered(IEnumerable<TapAnswer> answers, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = Command("UPDATE taps SET status = @status, reason = @reason, answered_at = @at WHERE tap_id = @id AND status IS NULL",
                ("id", ""), ("status", ""), ("reason", null), ("at", at.ToUnixTimeMilliseconds()));
            command.Transaction = transaction;
            foreach (var answer in answers)
            {
                command.Parameters["id"].Value = answer.TapId;
                command.Parameters["status"].Value = answer.Status;
                command.Parameters["reason"].Value = (object?)answer.Reason ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>A tap as held, answered or not; null when it is not (or no longer) held.</summary>
    public OutboxTap? Find(string tapId)
    {
        lock (_gate)
        {
            using var command = Command($"SELECT {Columns} FROM taps WHERE tap_id = @id", ("id", tapId));
            return Rows(command).SingleOrDefault();
        }
    }

    /// <summary>Deletes taps answered before <paramref name="before"/>, except those waiting for the volunteer's attention; how many went.</summary>
    public int Forget(DateTimeOffset before)
    {
        lock (_gate)
        {
            using var command = Command("DELETE FROM taps WHERE status IS NOT NULL AND attention = 0 AND answered_at < @before", ("before", before.ToUnixTimeMilliseconds()));
            return command.ExecuteNonQuery();
        }
    }

    private const string Columns = "seq, tap_id, json, recorded_at, action, occurred_at, status, reason, attention";

    private static OutboxTap Row(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            reader.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8) == 1);

    private static List<OutboxTap> Rows(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<OutboxTap>();
        while (reader.Read())
        {
            rows.Add(Row(reader));
        }
        return rows;
    }

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
