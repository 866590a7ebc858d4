using System.Data.Common;
using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Access;

/// <summary>
/// Tokens, registration codes, the change feed other nodes follow, and the Data Protection key ring, in the node's
/// database (<see cref="SqlDatabase"/>): its own SQLite file on a single node, the cluster's PostgreSQL otherwise.
/// </summary>
public sealed class AccessStore
{
    public const int ChangesPerRead = 10_000;

    private static readonly IReadOnlySet<string> Numbers = new HashSet<string> { "backlog", "expires", "offline" };

    public AccessStore(SqlDatabase database) => Database = database;

    /// <summary>The database the store lives in, shared with the other stores of the node.</summary>
    public SqlDatabase Database { get; }

    public static AccessStore Sqlite(string file) => new(SqlDatabase.Sqlite(file));

    public static AccessStore PostgreSql(string connectionString) => new(SqlDatabase.PostgreSql(connectionString));

    public async Task Initialize(CancellationToken cancel = default)
    {
        var serial = Database.AutoIncrementKey;
        await using var connection = await Open(cancel);
        await using var transaction = await Database.BeginSchemaChange(connection, cancel);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS access_tokens (
              id TEXT PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL,
              municipality TEXT NULL, shelter_id TEXT NULL, reader_id TEXT NULL,
              secret_hash TEXT NOT NULL, issued_at BIGINT NOT NULL, issued_by TEXT NOT NULL, expires_at BIGINT NULL,
              revoked_at BIGINT NULL, revoked_by TEXT NULL,
              last_used_at BIGINT NULL, last_protocol TEXT NULL, last_backlog INTEGER NULL, offline_since BIGINT NULL)
            """, cancel, transaction);
        await Database.AddColumnIfMissing(connection, transaction, "access_tokens", "offline_since", "BIGINT NULL", cancel);
        await Execute(connection, "CREATE INDEX IF NOT EXISTS access_tokens_reader ON access_tokens (reader_id)", cancel, transaction);
        await Execute(connection, $"CREATE TABLE IF NOT EXISTS access_changes (seq {serial}, token_id TEXT NOT NULL)", cancel, transaction);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS registration_codes (
              code_hash TEXT PRIMARY KEY, shelter_id TEXT NOT NULL, reader_id TEXT NOT NULL,
              issued_by TEXT NOT NULL, expires_at BIGINT NOT NULL, redeemed_at BIGINT NULL)
            """, cancel, transaction);
        await Execute(connection, "CREATE TABLE IF NOT EXISTS data_protection_keys (name TEXT PRIMARY KEY, xml TEXT NOT NULL)", cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    public async Task Add(AccessToken token)
    {
        await using var connection = await Open();
        await using var command = Command(connection, """
            INSERT INTO access_tokens (id, role, name, municipality, shelter_id, reader_id, secret_hash, issued_at, issued_by, expires_at)
            VALUES (@id, @role, @name, @municipality, @shelter, @reader, @hash, @issued, @by, @expires)
            """,
            ("id", token.Id), ("role", token.Role.Name()), ("name", token.Name), ("municipality", token.Scope.Municipality),
            ("shelter", token.Scope.ShelterId), ("reader", token.Scope.ReaderId), ("hash", token.SecretHash),
            ("issued", Ms(token.IssuedAt)), ("by", token.IssuedBy), ("expires", Ms(token.ExpiresAt)));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<AccessToken?> Find(string id) => (await Query("WHERE id = @id", ("id", id))).FirstOrDefault();

    public Task<IReadOnlyList<AccessToken>> List(AccessRole? role = null, string? shelterId = null, string? readerId = null) => Query(
        "WHERE (@role IS NULL OR role = @role) AND (@shelter IS NULL OR shelter_id = @shelter) AND (@reader IS NULL OR reader_id = @reader) ORDER BY issued_at, id",
        ("role", role?.Name()), ("shelter", shelterId), ("reader", readerId));

    /// <summary>The shelter a reader ID was first issued for, if it ever was: a reader belongs to one shelter for good.</summary>
    public async Task<string?> ShelterOfReader(string readerId) =>
        (await Query("WHERE reader_id = @reader ORDER BY issued_at LIMIT 1", ("reader", readerId))).FirstOrDefault()?.Scope.ShelterId;

    /// <summary>Revokes the live tokens that match; returns their IDs. Other nodes see them through <see cref="ChangesSince"/>.</summary>
    public async Task<IReadOnlyList<string>> Revoke(string? tokenId, string? readerId, string by, DateTimeOffset at)
    {
        await using var connection = await Open();
        await using var transaction = await connection.BeginTransactionAsync();
        var revoked = new List<string>();
        await using (var revoke = Command(connection, """
            UPDATE access_tokens SET revoked_at = @at, revoked_by = @by
            WHERE revoked_at IS NULL AND (@id IS NULL OR id = @id) AND (@reader IS NULL OR reader_id = @reader)
            RETURNING id
            """, ("id", tokenId), ("reader", readerId), ("at", Ms(at)), ("by", by)))
        {
            revoke.Transaction = transaction;
            await using var reader = await revoke.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                revoked.Add(reader.GetString(0));
            }
        }
        foreach (var id in revoked)
        {
            await using var change = Command(connection, "INSERT INTO access_changes (token_id) VALUES (@id)", ("id", id));
            change.Transaction = transaction;
            await change.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return revoked;
    }

    /// <summary>Token IDs changed (revoked) after <paramref name="cursor"/>, and the cursor to ask from next time.</summary>
    public async Task<(long Cursor, IReadOnlyList<string> TokenIds)> ChangesSince(long cursor, CancellationToken cancel = default)
    {
        await using var connection = await Open(cancel);
        await using var command = Command(connection, $"SELECT seq, token_id FROM access_changes WHERE seq > @cursor ORDER BY seq LIMIT {ChangesPerRead}", ("cursor", cursor));
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancel))
        {
            cursor = reader.GetInt64(0);
            ids.Add(reader.GetString(1));
        }
        return (cursor, ids);
    }

    public async Task<long> LatestChange(CancellationToken cancel = default)
    {
        await using var connection = await Open(cancel);
        await using var command = Command(connection, "SELECT COALESCE(MAX(seq), 0) FROM access_changes");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task RecordUse(IReadOnlyCollection<(string TokenId, TokenUse Use)> uses, CancellationToken cancel = default)
    {
        if (uses.Count == 0)
        {
            return;
        }
        await using var connection = await Open(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        foreach (var (id, use) in uses)
        {
            await using var command = Command(connection, """
                UPDATE access_tokens SET last_used_at = @at, last_protocol = COALESCE(@protocol, last_protocol), last_backlog = COALESCE(@backlog, last_backlog),
                  offline_since = CASE WHEN offline_since IS NULL OR offline_since < @offline THEN @offline ELSE offline_since END
                WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at)
                """, ("id", id), ("at", Ms(use.At)), ("protocol", use.Protocol), ("backlog", use.Backlog), ("offline", Ms(use.OfflineSince)));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancel);
        }
        await transaction.CommitAsync(cancel);
    }

    public async Task AddCode(string codeHash, RegistrationCode code)
    {
        await using var connection = await Open();
        await using var command = Command(connection, """
            INSERT INTO registration_codes (code_hash, shelter_id, reader_id, issued_by, expires_at) VALUES (@hash, @shelter, @reader, @by, @expires)
            """, ("hash", codeHash), ("shelter", code.ShelterId), ("reader", code.ReaderId), ("by", code.IssuedBy), ("expires", Ms(code.ExpiresAt)));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Uses a code up, once: the update either claims it or finds it used, expired or unknown (null).</summary>
    public async Task<RegistrationCode?> Redeem(string codeHash, DateTimeOffset now)
    {
        await using var connection = await Open();
        await using (var claim = Command(connection,
            "UPDATE registration_codes SET redeemed_at = @now WHERE code_hash = @hash AND redeemed_at IS NULL AND expires_at > @now",
            ("hash", codeHash), ("now", Ms(now))))
        {
            if (await claim.ExecuteNonQueryAsync() != 1)
            {
                return null;
            }
        }
        await using var read = Command(connection, "SELECT shelter_id, reader_id, expires_at, issued_by FROM registration_codes WHERE code_hash = @hash", ("hash", codeHash));
        await using var reader = await read.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new RegistrationCode(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3))
            : null;
    }

    public IReadOnlyList<(string Name, string Xml)> Keys()
    {
        using var connection = Database.OpenNow();
        using var command = Command(connection, "SELECT name, xml FROM data_protection_keys ORDER BY name");
        using var reader = command.ExecuteReader();
        var keys = new List<(string, string)>();
        while (reader.Read())
        {
            keys.Add((reader.GetString(0), reader.GetString(1)));
        }
        return keys;
    }

    /// <summary>Two nodes may make a key at the same moment; both keep theirs under different names, which Data Protection expects.</summary>
    public void StoreKey(string name, string xml)
    {
        using var connection = Database.OpenNow();
        using var command = Command(connection, "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING", ("name", name), ("xml", xml));
        command.ExecuteNonQuery();
    }

    private async Task<IReadOnlyList<AccessToken>> Query(string where, params (string, object?)[] parameters)
    {
        await using var connection = await Open();
        await using var command = Command(connection, $"""
            SELECT id, role, name, municipality, shelter_id, reader_id, secret_hash, issued_at, issued_by, expires_at, revoked_at, revoked_by,
                   last_used_at, last_protocol, last_backlog, offline_since
            FROM access_tokens {where}
            """, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var tokens = new List<AccessToken>();
        while (await reader.ReadAsync())
        {
            AccessRoles.TryParse(reader.GetString(1), out var role);
            tokens.Add(new AccessToken(reader.GetString(0), role, reader.GetString(2),
                new AccessScope(Text(reader, 3), Text(reader, 4), Text(reader, 5)), reader.GetString(6), Time(reader, 7)!.Value, reader.GetString(8),
                Time(reader, 9), Time(reader, 10), Text(reader, 11),
                Time(reader, 12) is { } used ? new TokenUse(used, Text(reader, 13), reader.IsDBNull(14) ? null : reader.GetInt32(14), Time(reader, 15)) : null));
        }
        return tokens;
    }

    private Task<DbConnection> Open(CancellationToken cancel = default) => Database.Open(cancel);

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        SqlDatabase.Command(connection, sql, Numbers, parameters);
}
