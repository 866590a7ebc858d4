using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Host.Revocation;

/// <summary>
/// Every CRL an operator imported through the admin API, in the node's database (shared by a cluster's nodes), in
/// the order imported: each node loads them at start and follows new ones, so a CRL imported on one node is in force
/// on all. Kept whole, as signed, so each node checks the signature itself.
/// </summary>
public sealed class CrlArchive(SqlDatabase database)
{
    public const int RowsPerRead = 16;

    public sealed record Entry(long Seq, byte[] Der, DateTimeOffset ImportedAt, string ImportedBy);

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await database.BeginSchemaChange(connection, cancel);
        var blob = database.IsPostgres ? "BYTEA" : "BLOB";
        await Execute(connection, $"CREATE TABLE IF NOT EXISTS crl_imports (seq {database.AutoIncrementKey}, der {blob} NOT NULL, imported_at BIGINT NOT NULL, imported_by TEXT NOT NULL)",
            cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    public async Task Add(byte[] der, DateTimeOffset at, string by, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var insert = Command(connection, "INSERT INTO crl_imports (der, imported_at, imported_by) VALUES (@der, @at, @by)", ("der", der), ("at", Ms(at)), ("by", by));
        await insert.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>The imports after <paramref name="seq"/>, oldest first, at most <see cref="RowsPerRead"/>.</summary>
    public async Task<IReadOnlyList<Entry>> Since(long seq, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection, "SELECT seq, der, imported_at, imported_by FROM crl_imports WHERE seq > @seq ORDER BY seq LIMIT @limit",
            ("seq", seq), ("limit", RowsPerRead));
        await using var reader = await query.ExecuteReaderAsync(cancel);
        var entries = new List<Entry>();
        while (await reader.ReadAsync(cancel))
        {
            entries.Add(new Entry(reader.GetInt64(0), (byte[])reader[1], Time(reader, 2)!.Value, reader.GetString(3)));
        }
        return entries;
    }
}
