using Microsoft.Data.Sqlite;
using Shelter.Access;

namespace Shelter.Host.Tests;

/// <summary>An access store made by an earlier version gains the columns a later one added, and keeps its tokens.</summary>
public sealed class AccessStoreUpgradeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-access-").FullName;

    [Fact]
    public async Task A_store_without_the_offline_window_column_gains_it_and_keeps_its_readers()
    {
        var file = Path.Combine(_dir, "access.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            // The table as the access issue made it, with one reader's token.
            create.CommandText = """
                CREATE TABLE access_tokens (
                  id TEXT PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL,
                  municipality TEXT NULL, shelter_id TEXT NULL, reader_id TEXT NULL,
                  secret_hash TEXT NOT NULL, issued_at BIGINT NOT NULL, issued_by TEXT NOT NULL, expires_at BIGINT NULL,
                  revoked_at BIGINT NULL, revoked_by TEXT NULL,
                  last_used_at BIGINT NULL, last_protocol TEXT NULL, last_backlog INTEGER NULL);
                INSERT INTO access_tokens (id, role, name, shelter_id, reader_id, secret_hash, issued_at, issued_by, last_used_at, last_protocol)
                VALUES ('r1', 'reader', 'reader gate-1', 'hall', 'gate-1', 'x', 1764000000000, 'admin', 1764000600000, 'v1');
                """;
            create.ExecuteNonQuery();
        }
        var store = AccessStore.Sqlite(file);
        await store.Initialize();
        await store.Initialize();

        var before = (await store.Find("r1"))!;
        Assert.Equal((DateTimeOffset.FromUnixTimeMilliseconds(1764000600000), "v1", (DateTimeOffset?)null),
            (before.LastUse!.At, before.LastUse.Protocol, before.LastUse.OfflineSince));
        var outage = DateTimeOffset.FromUnixTimeMilliseconds(1764000600000);
        await store.RecordUse([("r1", new TokenUse(outage.AddHours(1), "v2", 3, outage))]);
        // An older window start written later (a node that knew less) never moves the window back.
        await store.RecordUse([("r1", new TokenUse(outage.AddHours(2), "v2", null, outage.AddHours(-5)))]);
        var after = (await store.Find("r1"))!;
        Assert.Equal((outage.AddHours(2), "v2", (int?)3, (DateTimeOffset?)outage), (after.LastUse!.At, after.LastUse.Protocol, after.LastUse.Backlog, after.LastUse.OfflineSince));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
