using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite.Tests;

/// <summary>A fresh SQLite journal file in a temporary folder, prepared as a node prepares it, and removed afterwards.</summary>
public sealed class JournalFile : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-sqlite-").FullName;

    public JournalFile()
    {
        SqlitePragmas.PrepareDatabase(ConnectionString, createJournal: true);
    }

    public string Path => System.IO.Path.Combine(_dir, "journal.db");

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>An actor system whose default journal is this one.</summary>
    public Config Config => ConfigurationFactory.ParseString($"akka.persistence.journal.plugin = {SqlitePersistence.Quote(SqlitePersistence.JournalPluginId)}")
        .WithFallback(SqlitePersistence.Plugins(ConnectionString, SqliteSnapshotFile.ConnectionStringFor(ConnectionString), SqliteSynchronous.Full, 1000,
            TimeSpan.FromMilliseconds(50)));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
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
