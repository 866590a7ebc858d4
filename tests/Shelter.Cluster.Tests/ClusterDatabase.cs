using Npgsql;

namespace Shelter.Cluster.Tests;

/// <summary>A database of its own on the test PostgreSQL server (SHELTER_TEST_POSTGRES), dropped when disposed.</summary>
public sealed class ClusterDatabase : IDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ClusterDatabase(string server, string name, int maxPoolSize)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = maxPoolSize }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ClusterDatabase> Create(string prefix, int maxPoolSize = 30)
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set");
        var database = new ClusterDatabase(server, prefix + "_" + Guid.NewGuid().ToString("N"), maxPoolSize);
        await Execute(server, $"CREATE DATABASE {database._name}");
        return database;
    }

    public static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The tap ID of every evacuee event in the journal, one per row.</summary>
    public async Task<List<string>> EvacueeTapIds()
    {
        var ids = new List<string>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT message FROM journal WHERE persistence_id LIKE 'evacuee-%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(NodeHttp.TapIdOf((byte[])reader[0]));
        }
        return ids;
    }

    /// <summary>Where each evacuee's latest check-in in the journal put them: the occupancy the journal implies.</summary>
    public async Task<Dictionary<string, string>> LatestCheckIns()
    {
        var latest = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, message FROM journal WHERE persistence_id LIKE 'evacuee-%' AND manifest = 'evacuee.checked-in.v1' ORDER BY persistence_id, sequence_number",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            using var payload = System.Text.Json.JsonDocument.Parse((byte[])reader[1]);
            latest[reader.GetString(0)] = payload.RootElement.GetProperty("shelterId").GetString()!;
        }
        return latest;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)").GetAwaiter().GetResult();
    }
}
