using System.Text.Json;
using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Privacy;

/// <summary>
/// Card-face attributes a desk station read and the person confirmed, waiting for the desk of that shelter to use or
/// discard them: each sealed under a key of its own in the key store (so every node of a cluster sees it), deleted
/// with its key when used, discarded or past its time. Nothing of it stays once it is gone, as with an erased person.
/// </summary>
public sealed class CardReadingStore(SqlDatabase database, PersonKeyStore keys, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What the desk gets of a reading; <see cref="EvacueeId"/> is the card's pseudonym, which a link uses.</summary>
    public sealed record Content(string Name, string Address, DateOnly BirthDate, string Sex, string CredentialKind, string EvacueeId);

    public sealed record Waiting(string ReadingId, string ShelterId, string ReaderId, DateTimeOffset ReadAt, DateTimeOffset ExpiresAt, Content Content);

    /// <summary>What became of a reading sent to be kept.</summary>
    public enum Outcome
    {
        Kept,

        /// <summary>The shelter already has as many waiting as it may.</summary>
        Full,

        /// <summary>Another reader's reading has this ID.</summary>
        Taken,
    }

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await database.BeginSchemaChange(connection, cancel);
        var blob = database.IsPostgres ? "BYTEA" : "BLOB";
        await Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS card_readings (
              reading_id TEXT PRIMARY KEY, shelter_id TEXT NOT NULL, reader_id TEXT NOT NULL, sealed {blob} NOT NULL, read_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """, cancel, transaction);
        await Execute(connection, "CREATE INDEX IF NOT EXISTS card_readings_shelter ON card_readings (shelter_id)", cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    /// <summary>
    /// Keeps a reading until <paramref name="lifetime"/> has passed. A reading ID this reader sent before answers as the
    /// first time (a station's retry).
    /// </summary>
    public async Task<(Outcome Outcome, DateTimeOffset ExpiresAt)> Keep(string readingId, string shelterId, string readerId, Content content, TimeSpan lifetime, int most,
        CancellationToken cancel = default)
    {
        await Purge(cancel);
        // Kept to the millisecond, as stored, so a retry's receipt says exactly what the first said.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        await using var connection = await database.Open(cancel);
        await using (var known = Command(connection, "SELECT reader_id, expires_at FROM card_readings WHERE reading_id = @id", ("id", readingId)))
        await using (var found = await known.ExecuteReaderAsync(cancel))
        {
            if (await found.ReadAsync(cancel))
            {
                return found.GetString(0) == readerId ? (Outcome.Kept, DateTimeOffset.FromUnixTimeMilliseconds(found.GetInt64(1))) : (Outcome.Taken, default);
            }
        }
        await using (var count = Command(connection, "SELECT COUNT(*) FROM card_readings WHERE shelter_id = @shelter", ("shelter", shelterId)))
        {
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture) >= most)
            {
                return (Outcome.Full, default);
            }
        }
        var owner = KeyOwner(readingId);
        var key = await keys.Create(owner, now, cancel);
        var expiresAt = now + lifetime;
        await using var insert = Command(connection, """
            INSERT INTO card_readings (reading_id, shelter_id, reader_id, sealed, read_at, expires_at) VALUES (@id, @shelter, @reader, @sealed, @at, @expires)
            ON CONFLICT (reading_id) DO NOTHING
            """, ("id", readingId), ("shelter", shelterId), ("reader", readerId),
            ("sealed", SealedBox.Seal(key, owner, JsonSerializer.SerializeToUtf8Bytes(content, Json))), ("at", Ms(now)), ("expires", Ms(expiresAt)));
        // A conflict here is the same reading arriving twice at once: the first insert keeps it, with this same key.
        return (await insert.ExecuteNonQueryAsync(cancel) == 1 ? Outcome.Kept : Outcome.Taken, expiresAt);
    }

    /// <summary>The readings waiting for a shelter's desk, oldest first.</summary>
    public async Task<IReadOnlyList<Waiting>> WaitingAt(string shelterId, CancellationToken cancel = default)
    {
        await Purge(cancel);
        return await Query("WHERE shelter_id = @shelter ORDER BY read_at, reading_id", cancel, ("shelter", shelterId));
    }

    /// <summary>The reading, if it is waiting at <paramref name="shelterId"/>.</summary>
    public async Task<Waiting?> Find(string readingId, string shelterId, CancellationToken cancel = default) =>
        (await Query("WHERE reading_id = @id AND shelter_id = @shelter AND expires_at > @now", cancel,
            ("id", readingId), ("shelter", shelterId), ("now", Ms(clock.GetUtcNow())))).FirstOrDefault();

    /// <summary>Deletes the reading and its key (used or discarded); false when it was not waiting there.</summary>
    public async Task<bool> Remove(string readingId, string shelterId, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var delete = Command(connection, "DELETE FROM card_readings WHERE reading_id = @id AND shelter_id = @shelter", ("id", readingId), ("shelter", shelterId));
        var removed = await delete.ExecuteNonQueryAsync(cancel) == 1;
        await keys.Erase([KeyOwner(readingId)], cancel);
        return removed;
    }

    /// <summary>Deletes readings past their time, and their keys.</summary>
    public async Task<int> Purge(CancellationToken cancel = default)
    {
        var now = Ms(clock.GetUtcNow());
        var expired = new List<string>();
        await using var connection = await database.Open(cancel);
        await using (var query = Command(connection, "SELECT reading_id FROM card_readings WHERE expires_at <= @now", ("now", now)))
        await using (var reader = await query.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                expired.Add(reader.GetString(0));
            }
        }
        if (expired.Count == 0)
        {
            return 0;
        }
        await using (var delete = Command(connection, "DELETE FROM card_readings WHERE expires_at <= @now", ("now", now)))
        {
            await delete.ExecuteNonQueryAsync(cancel);
        }
        await keys.Erase([.. expired.Select(KeyOwner)], cancel);
        return expired.Count;
    }

    private static string KeyOwner(string readingId) => "r-" + readingId;

    private async Task<IReadOnlyList<Waiting>> Query(string where, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<(string Id, string Shelter, string Reader, byte[] Sealed, DateTimeOffset At, DateTimeOffset Expires)>();
        await using (var connection = await database.Open(cancel))
        await using (var query = Command(connection, $"SELECT reading_id, shelter_id, reader_id, sealed, read_at, expires_at FROM card_readings {where}", parameters))
        await using (var reader = await query.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader[3], Time(reader, 4)!.Value, Time(reader, 5)!.Value));
            }
        }
        var waiting = new List<Waiting>(rows.Count);
        foreach (var row in rows)
        {
            var owner = KeyOwner(row.Id);
            if (await keys.Find(owner, cancel) is { } key && SealedBox.Open(key, owner, row.Sealed) is { } plain
                && JsonSerializer.Deserialize<Content>(plain, Json) is { } content)
            {
                waiting.Add(new Waiting(row.Id, row.Shelter, row.Reader, row.At, row.Expires, content));
            }
        }
        return waiting;
    }
}
