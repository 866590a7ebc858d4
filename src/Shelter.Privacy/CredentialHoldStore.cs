using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Privacy;

/// <summary>
/// Holds the desk placed on credentials (a lost or replaced phone), by the credential's pseudonym, in the node's
/// database, with a change feed every node follows: a hold placed on one node is honoured on all within seconds.
/// </summary>
public sealed class CredentialHoldStore(SqlDatabase database)
{
    public const int ChangesPerRead = 1_000;

    public sealed record Hold(string EvacueeId, string Reason, DateTimeOffset Since, string PlacedBy, DateTimeOffset? LiftedAt);

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await database.BeginSchemaChange(connection, cancel);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS credential_holds (
              evacuee_id TEXT PRIMARY KEY, reason TEXT NOT NULL, since BIGINT NOT NULL, placed_by TEXT NOT NULL, lifted_at BIGINT NULL, lifted_by TEXT NULL)
            """, cancel, transaction);
        await Execute(connection, $"CREATE TABLE IF NOT EXISTS credential_hold_changes (seq {database.AutoIncrementKey}, evacuee_id TEXT NOT NULL)", cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    /// <summary>Places a hold (again, if it was lifted) from <paramref name="since"/>.</summary>
    public async Task Place(string evacueeId, string reason, DateTimeOffset since, string by, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await using (var upsert = Command(connection, """
            INSERT INTO credential_holds (evacuee_id, reason, since, placed_by) VALUES (@id, @reason, @since, @by)
            ON CONFLICT (evacuee_id) DO UPDATE SET reason = @reason, since = @since, placed_by = @by, lifted_at = NULL, lifted_by = NULL
            """, ("id", evacueeId), ("reason", reason), ("since", Ms(since)), ("by", by)))
        {
            upsert.Transaction = transaction;
            await upsert.ExecuteNonQueryAsync(cancel);
        }
        await Changed(connection, transaction, evacueeId, cancel);
        await transaction.CommitAsync(cancel);
    }

    /// <summary>Lifts a hold; false when there was none in force.</summary>
    public async Task<bool> Lift(string evacueeId, DateTimeOffset at, string by, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        int lifted;
        await using (var update = Command(connection, "UPDATE credential_holds SET lifted_at = @at, lifted_by = @by WHERE evacuee_id = @id AND lifted_at IS NULL",
            ("id", evacueeId), ("at", Ms(at)), ("by", by)))
        {
            update.Transaction = transaction;
            lifted = await update.ExecuteNonQueryAsync(cancel);
        }
        if (lifted > 0)
        {
            await Changed(connection, transaction, evacueeId, cancel);
        }
        await transaction.CommitAsync(cancel);
        return lifted > 0;
    }

    /// <summary>The holds in force now: what a node loads at start.</summary>
    public async Task<(long Cursor, IReadOnlyList<Hold> Holds)> InForce(CancellationToken cancel = default)
    {
        var cursor = await Latest(cancel);
        return (cursor, await Read("WHERE lifted_at IS NULL", cancel));
    }

    /// <summary>The holds changed after <paramref name="cursor"/> (placed or lifted), and the new cursor.</summary>
    public async Task<(long Cursor, IReadOnlyList<Hold> Changed)> ChangesSince(long cursor, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection, "SELECT seq, evacuee_id FROM credential_hold_changes WHERE seq > @cursor ORDER BY seq LIMIT @limit",
            ("cursor", cursor), ("limit", ChangesPerRead));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await query.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                cursor = reader.GetInt64(0);
                ids.Add(reader.GetString(1));
            }
        }
        var changed = new List<Hold>();
        foreach (var id in ids)
        {
            changed.AddRange(await Read("WHERE evacuee_id = @id", cancel, ("id", id)));
        }
        return (cursor, changed);
    }

    private async Task<long> Latest(CancellationToken cancel)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection, "SELECT COALESCE(MAX(seq), 0) FROM credential_hold_changes");
        return Convert.ToInt64(await query.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<Hold>> Read(string where, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection, $"SELECT evacuee_id, reason, since, placed_by, lifted_at FROM credential_holds {where}", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancel);
        var holds = new List<Hold>();
        while (await reader.ReadAsync(cancel))
        {
            holds.Add(new Hold(reader.GetString(0), reader.GetString(1), Time(reader, 2)!.Value, reader.GetString(3), Time(reader, 4)));
        }
        return holds;
    }

    private static async Task Changed(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string evacueeId, CancellationToken cancel)
    {
        await using var change = Command(connection, "INSERT INTO credential_hold_changes (evacuee_id) VALUES (@id)", ("id", evacueeId));
        change.Transaction = transaction;
        await change.ExecuteNonQueryAsync(cancel);
    }
}
