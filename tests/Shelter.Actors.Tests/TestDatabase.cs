using Npgsql;
using Shelter.Actors;

namespace Shelter.Actors.Tests;

/// <summary>The journals the scenario tests run on.</summary>
public enum TestJournal
{
    /// <summary>SQLite through Shelter's group-commit journal, the single-node default.</summary>
    Sqlite,

    /// <summary>SQLite through Akka.Persistence.Sql's own journal, which reads and writes the same tables.</summary>
    SqliteAkkaPersistenceSql,

    PostgreSql,
}

/// <summary>
/// A real, empty journal for one test: a SQLite file in a temporary folder, or a fresh database on the PostgreSQL
/// server named by SHELTER_TEST_POSTGRES (ops/postgres.sh starts one; .ci/run always does). Removed afterwards.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "SHELTER_TEST_POSTGRES";

    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-actors-").FullName;
    private readonly string? _postgresDatabase;
    private readonly string _connectionString;

    public TestDatabase(TestJournal journal = TestJournal.Sqlite)
    {
        Journal = journal;
        if (journal != TestJournal.PostgreSql)
        {
            _connectionString = $"Data Source={SqlitePath}";
            return;
        }
        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: start PostgreSQL with ops/postgres.sh and export the connection string it prints");
        _postgresDatabase = "shelter_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", connection);
            create.ExecuteNonQuery();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _postgresDatabase }.ConnectionString;
    }

    public TestJournal Journal { get; }

    /// <summary>Where a SQLite test journal lives, for tests that start from a prepared file.</summary>
    public string SqlitePath => Path.Combine(_dir, "journal.db");

    /// <summary>Both SQLite journals always; PostgreSQL when configured (and always in CI, where its absence must fail).</summary>
    public static TheoryData<TestJournal> Journals
    {
        get
        {
            var journals = new TheoryData<TestJournal> { TestJournal.Sqlite, TestJournal.SqliteAkkaPersistenceSql };
            if (Environment.GetEnvironmentVariable(PostgresVariable) is not null || Environment.GetEnvironmentVariable("CI") == "true")
            {
                journals.Add(TestJournal.PostgreSql);
            }
            return journals;
        }
    }

    public ShelterActorOptions Options(bool runRelay = true, TestJournal? journal = null) => new()
    {
        Provider = (journal ?? Journal) == TestJournal.PostgreSql ? JournalProvider.PostgreSql : JournalProvider.Sqlite,
        SqliteJournal = (journal ?? Journal) == TestJournal.SqliteAkkaPersistenceSql ? SqliteJournalKind.AkkaPersistenceSql : SqliteJournalKind.GroupCommit,
        ConnectionString = _connectionString,
        RunRelay = runRelay,
        QueryRefreshInterval = TimeSpan.FromMilliseconds(50),
        RelayBatchWindow = TimeSpan.FromMilliseconds(20),
        ShelterSnapshotEvery = 4,
        EvacueeSnapshotEvery = 4,
    };

    /// <summary>The sequence number of a persistence ID's snapshot in the SQLite snapshot file, or null when it has none.</summary>
    public long? SnapshotSequenceNr(string persistenceId)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Persistence.Sqlite.SqliteSnapshotFile.ConnectionStringFor(_connectionString)).DataSource;
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        return command.ExecuteScalar() as long?;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a straggling connection of a terminated system; the OS cleans temp
        }
    }
}
