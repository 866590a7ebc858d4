using System.Data.Common;
using System.Security.Cryptography;
using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Privacy;

/// <summary>
/// One key per person, wrapped under the privacy key, and the people's blind search terms, in a database of its own
/// apart from the journal and left out of the data folder's backups. Erasing a person deletes their key and terms; every
/// field sealed with the key (in the journal, its WAL and any backup) can no longer be opened. On SQLite the store runs
/// with <c>secure_delete</c> and is checkpointed and vacuumed after an erasure, so the deleted bytes are overwritten.
/// </summary>
public sealed class PersonKeyStore(SqlDatabase database, PrivacyKey privacyKey)
{
    public const string FileName = "person-keys.db";

    private readonly byte[] _wrapping = privacyKey.Derive("person-key-wrapping");

    public SqlDatabase Database { get; } = database;

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await Open(cancel);
        await using var transaction = await Database.BeginSchemaChange(connection, cancel);
        var blob = Database.IsPostgres ? "BYTEA" : "BLOB";
        await Execute(connection, $"CREATE TABLE IF NOT EXISTS person_keys (person_id TEXT PRIMARY KEY, wrapped {blob} NOT NULL, created_at BIGINT NOT NULL)", cancel, transaction);
        await Execute(connection, "CREATE TABLE IF NOT EXISTS person_terms (term TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (term, person_id))", cancel, transaction);
        await Execute(connection, "CREATE INDEX IF NOT EXISTS person_terms_person ON person_terms (person_id)", cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    /// <summary>A new key for a person who has none yet; the existing one when they have.</summary>
    public async Task<byte[]> Create(string personId, DateTimeOffset at, CancellationToken cancel = default)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using var connection = await Open(cancel);
        await using var insert = Command(connection, "INSERT INTO person_keys (person_id, wrapped, created_at) VALUES (@id, @wrapped, @at) ON CONFLICT (person_id) DO NOTHING",
            ("id", personId), ("wrapped", SealedBox.Seal(_wrapping, personId, key)), ("at", Ms(at)));
        return await insert.ExecuteNonQueryAsync(cancel) == 1 ? key : await Find(personId, cancel) ?? throw new InvalidOperationException("the person's key vanished");
    }

    /// <summary>The person's key, or null once they were erased (or never had one).</summary>
    public async Task<byte[]?> Find(string personId, CancellationToken cancel = default)
    {
        await using var connection = await Open(cancel);
        await using var query = Command(connection, "SELECT wrapped FROM person_keys WHERE person_id = @id", ("id", personId));
        return await query.ExecuteScalarAsync(cancel) is byte[] wrapped ? SealedBox.Open(_wrapping, personId, wrapped) : null;
    }

    /// <summary>Replaces the person's search terms with <paramref name="terms"/>.</summary>
    public async Task SetTerms(string personId, IReadOnlyCollection<string> terms, CancellationToken cancel = default)
    {
        await using var connection = await Open(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await using (var delete = Command(connection, "DELETE FROM person_terms WHERE person_id = @id", ("id", personId)))
        {
            delete.Transaction = transaction;
            await delete.ExecuteNonQueryAsync(cancel);
        }
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            await using var insert = Command(connection, "INSERT INTO person_terms (term, person_id) VALUES (@term, @id)", ("term", term), ("id", personId));
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancel);
        }
        await transaction.CommitAsync(cancel);
    }

    /// <summary>The people one search term finds, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> Search(string term, int limit, CancellationToken cancel = default)
    {
        await using var connection = await Open(cancel);
        await using var query = Command(connection, "SELECT person_id FROM person_terms WHERE term = @term ORDER BY person_id LIMIT @limit", ("term", term), ("limit", limit));
        await using var reader = await query.ExecuteReaderAsync(cancel);
        var found = new List<string>();
        while (await reader.ReadAsync(cancel))
        {
            found.Add(reader.GetString(0));
        }
        return found;
    }

    /// <summary>Destroys the people's keys and terms; returns how many had a key.</summary>
    public async Task<int> Erase(IReadOnlyCollection<string> personIds, CancellationToken cancel = default)
    {
        var erased = 0;
        await using (var connection = await Open(cancel))
        await using (var transaction = await connection.BeginTransactionAsync(cancel))
        {
            foreach (var id in personIds)
            {
                await using var keys = Command(connection, "DELETE FROM person_keys WHERE person_id = @id", ("id", id));
                keys.Transaction = transaction;
                erased += await keys.ExecuteNonQueryAsync(cancel);
                await using var terms = Command(connection, "DELETE FROM person_terms WHERE person_id = @id", ("id", id));
                terms.Transaction = transaction;
                await terms.ExecuteNonQueryAsync(cancel);
            }
            await transaction.CommitAsync(cancel);
        }
        await Compact(cancel);
        return erased;
    }

    /// <summary>Rewrites the store without the free pages an erasure left, and empties its WAL.</summary>
    private async Task Compact(CancellationToken cancel)
    {
        await using var connection = await Open(cancel);
        if (Database.IsPostgres)
        {
            await Execute(connection, "VACUUM FULL person_keys, person_terms", cancel);
            return;
        }
        await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)", cancel);
        await Execute(connection, "VACUUM", cancel);
        await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)", cancel);
    }

    private async Task<DbConnection> Open(CancellationToken cancel)
    {
        var connection = await Database.Open(cancel);
        if (!Database.IsPostgres)
        {
            await Execute(connection, "PRAGMA secure_delete = ON", cancel);
        }
        return connection;
    }
}
