using Shelter.Actors;

namespace Shelter.Actors.Tests;

/// <summary>A real SQLite file in a fresh temporary folder, removed afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-actors-").FullName;

    public string Path => System.IO.Path.Combine(_dir, "journal.db");

    public ShelterActorOptions Options(bool runRelay = true) => new()
    {
        ConnectionString = $"Data Source={Path}",
        RunRelay = runRelay,
        QueryRefreshInterval = TimeSpan.FromMilliseconds(50),
        RelayBatchWindow = TimeSpan.FromMilliseconds(20),
        ShelterSnapshotEvery = 4,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
