using Microsoft.Data.Sqlite;
using Shelter.Cli;
using Shelter.Persistence.Sqlite;

namespace Shelter.Cli.Tests;

/// <summary>
/// <c>shelter pseudonyms migrate</c> around the migration itself (tested on a real journal in the actor tests): the key
/// is put beside the data folder only once the journal is migrated, owner-only; a folder with a key is refused, and so
/// is a key file inside the data folder.
/// </summary>
public sealed class PseudonymsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-cli-pseudonyms-").FullName;

    [Fact]
    public void The_key_appears_beside_the_data_folder_once_the_journal_is_migrated()
    {
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        var journal = Path.Combine(data, "shelter.db");
        using (var connection = new SqliteConnection($"Data Source={journal};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted BIT NOT NULL, persistence_id TEXT NOT NULL,
                  sequence_number INTEGER NOT NULL, message BLOB NOT NULL, manifest TEXT, identifier INTEGER, writer_uuid TEXT);
                CREATE TABLE tags (ordering_id INTEGER NOT NULL, tag TEXT NOT NULL, sequence_nr INTEGER NOT NULL, persistence_id TEXT NOT NULL);
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) VALUES (0, 0, 'evacuee-card:0123456789abcdef', 1, x'7B7D');
                """;
            create.ExecuteNonQuery();
        }
        var output = new StringWriter();
        Assert.Throws<Tooling.UsageException>(() => PseudonymsCommand.Run(["migrate", "--data", data, "--key-file", Path.Combine(data, "key")], output));
        Assert.Equal(0, PseudonymsCommand.Run(["migrate", "--data", data], output));
        var key = Path.Combine(_dir, "data.privacy.key");
        Assert.True(File.Exists(key));
        Assert.False(File.Exists(key + ".migrating"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        Assert.Contains("migrated 1 evacuees", output.ToString());
        Assert.Throws<IOException>(() => PseudonymsCommand.Run(["migrate", "--data", data], output));
        using (var connection = new SqliteConnection($"Data Source={journal};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var query = connection.CreateCommand();
            query.CommandText = $"SELECT persistence_id FROM journal; SELECT COUNT(*) FROM {EvacueeIdMigration.MarkerTable}";
            var id = (string)query.ExecuteScalar()!;
            Assert.Matches("^evacuee-[0-9a-f]{64}$", id);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
