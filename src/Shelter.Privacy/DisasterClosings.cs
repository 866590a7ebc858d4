using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Privacy;

/// <summary>
/// A municipality's disaster, closed: everyone it registered before the closing is erased once the retention period
/// after it has passed. Kept in the node's database, shared by a cluster's nodes; whichever node's sweep claims a
/// closing first erases it.
/// </summary>
public sealed class DisasterClosings(SqlDatabase database)
{
    public sealed record Closing(long Id, string Municipality, DateTimeOffset ClosedAt, DateTimeOffset EraseAfter, string ClosedBy, DateTimeOffset? ErasedAt,
        int? Erased);

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await database.BeginSchemaChange(connection, cancel);
        await Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS disaster_closings (
              id {database.AutoIncrementKey}, municipality TEXT NOT NULL, closed_at BIGINT NOT NULL, erase_after BIGINT NOT NULL, closed_by TEXT NOT NULL,
              erased_at BIGINT NULL, erased INTEGER NULL)
            """, cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    public async Task<Closing> Add(string municipality, DateTimeOffset closedAt, DateTimeOffset eraseAfter, string by, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var insert = Command(connection,
            "INSERT INTO disaster_closings (municipality, closed_at, erase_after, closed_by) VALUES (@m, @closed, @erase, @by) RETURNING id",
            ("m", municipality), ("closed", Ms(closedAt)), ("erase", Ms(eraseAfter)), ("by", by));
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture);
        return new Closing(id, municipality, DateTimeOffset.FromUnixTimeMilliseconds(Ms(closedAt)!.Value), DateTimeOffset.FromUnixTimeMilliseconds(Ms(eraseAfter)!.Value),
            by, null, null);
    }

    public async Task<IReadOnlyList<Closing>> All(string? municipality, CancellationToken cancel = default) =>
        await Query(municipality is null ? "ORDER BY id" : "WHERE municipality = @m ORDER BY id", cancel, ("m", municipality));

    /// <summary>Closings whose retention is over and whose people are not erased yet.</summary>
    public async Task<IReadOnlyList<Closing>> Due(DateTimeOffset now, CancellationToken cancel = default) =>
        await Query("WHERE erased_at IS NULL AND erase_after <= @now ORDER BY id", cancel, ("now", Ms(now)));

    /// <summary>Takes a due closing for this node to erase; false when another node took it first.</summary>
    public async Task<bool> Claim(long id, DateTimeOffset now, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var update = Command(connection, "UPDATE disaster_closings SET erased_at = @now WHERE id = @id AND erased_at IS NULL", ("id", id), ("now", Ms(now)));
        return await update.ExecuteNonQueryAsync(cancel) == 1;
    }

    public async Task Erased(long id, int count, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var update = Command(connection, "UPDATE disaster_closings SET erased = @count WHERE id = @id", ("id", id), ("count", count));
        await update.ExecuteNonQueryAsync(cancel);
    }

    private async Task<IReadOnlyList<Closing>> Query(string where, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection, $"SELECT id, municipality, closed_at, erase_after, closed_by, erased_at, erased FROM disaster_closings {where}", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancel);
        var closings = new List<Closing>();
        while (await reader.ReadAsync(cancel))
        {
            closings.Add(new Closing(reader.GetInt64(0), reader.GetString(1), Time(reader, 2)!.Value, Time(reader, 3)!.Value, reader.GetString(4), Time(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6)));
        }
        return closings;
    }
}
