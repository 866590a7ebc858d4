using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Shelter.Access;

/// <summary>
/// Tokens, registration codes, the change feed other nodes follow, and the Data Protection key ring, in plain SQL
/// that SQLite and PostgreSQL both run. On a single node the store is its own SQLite file beside the journal, so a
/// token write never waits for the journal's group commit; a cluster shares its PostgreSQL database.
/// </summary>
public sealed class AccessStore
{
    public const int ChangesPerRead = 10_000;

    private readonly Func<DbConnection> _connect;
    private readonly bool _postgres;

    private AccessStore(Func<DbConnection> connect, bool postgres)
    {
        _connect = connect;
        _postgres = postgres;
    }

    public static AccessStore Sqlite(string file)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
        return new AccessStore(() => new SqliteConnection(connection), postgres: false);
    }

    public static AccessStore PostgreSql(string connectionString)
    {
        // A few connections do: the store is read on cache misses and written when tokens change, and the journal's
        // pool (from the same connection string) must not be doubled by it.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10 };
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        return new AccessStore(source.CreateConnection, postgres: true);
    }

    public async Task Initialize(CancellationToken cancel = default)
    {
        var serial = _postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        await using var connection = await Open(cancel);
        if (!_postgres)
        {
            await Execute(connection, "PRAGMA journal_mode=WAL", cancel);
        }
        // Nodes of a cluster start together, and PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a
        // concurrent one; a transaction-scoped advisory lock makes the nodes create the tables one after the other.
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        if (_postgres)
        {
            await Execute(connection, "SELECT pg_advisory_xact_lock(7468657274)", cancel, transaction);
        }
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS access_tokens (
              id TEXT PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL,
              municipality TEXT NULL, shelter_id TEXT NULL, reader_id TEXT NULL,
              secret_hash TEXT NOT NULL, issued_at BIGINT NOT NULL, issued_by TEXT NOT NULL, expires_at BIGINT NULL,
              revoked_at BIGINT NULL, revoked_by TEXT NULL,
              last_used_at BIGINT NULL, last_protocol TEXT NULL, last_backlog INTEGER NULL, offline_since BIGINT NULL)
            """, cancel, transaction);
        await AddColumnIfMissing(connection, transaction, "access_tokens", "offline_since", "BIGINT NULL", cancel);
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
        using var connection = _connect();
        connection.Open();
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
        using var connection = _connect();
        connection.Open();
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

    private async Task<DbConnection> Open(CancellationToken cancel = default)
    {
        var connection = _connect();
        await connection.OpenAsync(cancel);
        return connection;
    }

    /// <summary>Adds a column that a later version brought to a store made before it.</summary>
    private async Task AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string type, CancellationToken cancel)
    {
        // Looked up first on PostgreSQL too: ALTER TABLE takes the table's exclusive lock even when the column exists, and
        // every other node's token lookups would queue behind a node that is starting.
        var lookup = _postgres
            ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column"
            : "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";
        await using var exists = Command(connection, lookup, ("table", table), ("column", column));
        exists.Transaction = transaction;
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            await Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type}", cancel, transaction);
        }
    }

    private static async Task Execute(DbConnection connection, string sql, CancellationToken cancel, DbTransaction? transaction = null)
    {
        await using var command = Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancel);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                // PostgreSQL must know a null's type to compare it; every nullable parameter here is text or a number.
                parameter.DbType = name is "backlog" or "expires" or "offline" ? System.Data.DbType.Int64 : System.Data.DbType.String;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}
