using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Shelter.Storage;

/// <summary>
/// Plain SQL that SQLite and PostgreSQL both run. On a single node this is its own SQLite file beside the journal, so its
/// writes never wait for the journal's group commit; a cluster shares its PostgreSQL database.
/// </summary>
public sealed class SqlDatabase
{
    private readonly Func<DbConnection> _connect;

    private SqlDatabase(Func<DbConnection> connect, bool postgres)
    {
        _connect = connect;
        IsPostgres = postgres;
    }

    public bool IsPostgres { get; }

    public string AutoIncrementKey => IsPostgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";

    public static SqlDatabase Sqlite(string file)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
        return new SqlDatabase(() => new SqliteConnection(connection), postgres: false);
    }

    public static SqlDatabase PostgreSql(string connectionString)
    {
        // A few connections do: this database is read on cache misses and written when tokens or the registry change,
        // and the journal's pool (from the same connection string) must not be doubled by it.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10 };
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        return new SqlDatabase(source.CreateConnection, postgres: true);
    }

    public async Task<DbConnection> Open(CancellationToken cancel = default)
    {
        var connection = _connect();
        await connection.OpenAsync(cancel);
        return connection;
    }

    public DbConnection OpenNow()
    {
        var connection = _connect();
        connection.Open();
        return connection;
    }

    /// <summary>
    /// A transaction for creating tables. Nodes of a cluster start together, and PostgreSQL's CREATE TABLE IF NOT EXISTS
    /// is not safe against a concurrent one; a transaction-scoped advisory lock makes the nodes create them one after the other.
    /// </summary>
    public async Task<DbTransaction> BeginSchemaChange(DbConnection connection, CancellationToken cancel)
    {
        if (!IsPostgres)
        {
            await Execute(connection, "PRAGMA journal_mode=WAL", cancel);
        }
        var transaction = await connection.BeginTransactionAsync(cancel);
        if (IsPostgres)
        {
            await Execute(connection, "SELECT pg_advisory_xact_lock(7468657274)", cancel, transaction);
        }
        return transaction;
    }

    /// <summary>Adds a column that a later version brought to a store made before it.</summary>
    public async Task AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string type, CancellationToken cancel)
    {
        // Looked up first on PostgreSQL too: ALTER TABLE takes the table's exclusive lock even when the column exists, and
        // every other node's lookups would queue behind a node that is starting.
        var lookup = IsPostgres
            ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column"
            : "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";
        await using var exists = Command(connection, lookup, ("table", table), ("column", column));
        exists.Transaction = transaction;
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancel), CultureInfo.InvariantCulture) == 0)
        {
            await Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type}", cancel, transaction);
        }
    }

    public static async Task Execute(DbConnection connection, string sql, CancellationToken cancel, DbTransaction? transaction = null)
    {
        await using var command = Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>
    /// A command with named parameters. PostgreSQL must know a null's type to compare it: a null is typed as a whole number
    /// when its name is in <paramref name="numbers"/>, and as text otherwise.
    /// </summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Command(connection, sql, NoNumbers, parameters);

    public static DbCommand Command(DbConnection connection, string sql, IReadOnlySet<string> numbers, params (string Name, object? Value)[] parameters)
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
                parameter.DbType = numbers.Contains(name) ? System.Data.DbType.Int64 : System.Data.DbType.String;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private static readonly IReadOnlySet<string> NoNumbers = new HashSet<string>();
}
