using Npgsql;
using Shelter.Storage;

namespace Shelter.Registry.Tests;

/// <summary>
/// A real, empty node database for one test: a SQLite file in a temporary folder, or a fresh database on the PostgreSQL
/// server named by SHELTER_TEST_POSTGRES (always in CI). Removed afterwards.
/// </summary>
public sealed class StoreDatabase : IDisposable
{
    private const string Variable = "SHELTER_TEST_POSTGRES";
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-registry-").FullName;
    private readonly string? _postgresName;

    public StoreDatabase(bool postgres)
    {
        if (!postgres)
        {
            Database = SqlDatabase.Sqlite(Path.Combine(_dir, "access.db"));
            return;
        }
        var server = Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set: start PostgreSQL with ops/postgres.sh");
        _postgresName = "shelter_registry_" + Guid.NewGuid().ToString("N");
        Run(server, $"CREATE DATABASE {_postgresName}");
        Database = SqlDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(server) { Database = _postgresName }.ConnectionString);
    }

    public SqlDatabase Database { get; }

    /// <summary>SQLite always; PostgreSQL when configured, and always in CI, where its absence must fail.</summary>
    public static TheoryData<bool> Kinds => Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable("CI") == "true"
        ? new TheoryData<bool> { false, true }
        : new TheoryData<bool> { false };

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresName is not null)
        {
            Run(Environment.GetEnvironmentVariable(Variable)!, $"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)");
        }
        Directory.Delete(_dir, recursive: true);
    }

    private static void Run(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
