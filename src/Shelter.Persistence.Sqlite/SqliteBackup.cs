using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// An online backup of a node's data folder: every SQLite file copied with <c>VACUUM INTO</c> (a read transaction, so
/// the node keeps writing), checked, and every other file (the admin token, keys) copied as it is. Snapshot files are
/// copied before the journal: a snapshot is then never newer than the journal it is restored with, so nothing a
/// snapshot counted can be missing from the journal, nor counted again by a relay that replays it. The per-person key
/// store is left out (<see cref="LeftOut"/>).
/// </summary>
public static class SqliteBackup
{
    public const string ManifestFile = "backup.json";

    /// <summary>
    /// Files a backup of the data folder leaves out: the per-person key store. Erasing a person destroys their key; a
    /// backup holding it would bring the person back. It is backed up on its own, kept no longer than erasure allows
    /// (docs/privacy.md).
    /// </summary>
    public static IReadOnlySet<string> LeftOut { get; } = new HashSet<string>(StringComparer.Ordinal) { "person-keys.db" };

    public sealed record FileCopy(string Name, long Bytes, long? JournalRows, long? HighestOrdering);

    public sealed record Manifest(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<FileCopy> Files);

    /// <summary>Copies <paramref name="dataDirectory"/> into <paramref name="target"/>, which must not exist or be empty.</summary>
    public static Manifest Run(string dataDirectory, string target, Action<string> progress)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new DirectoryNotFoundException($"no data folder at {dataDirectory}");
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{target} is not empty: a backup goes into a new folder");
        }
        Directory.CreateDirectory(target);
        var started = DateTimeOffset.UtcNow;
        var files = Directory.GetFiles(dataDirectory).Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.EndsWith("-wal", StringComparison.Ordinal) && !name.EndsWith("-shm", StringComparison.Ordinal) && name != ManifestFile
                && !LeftOut.Contains(name))
            .OrderBy(name => name.EndsWith(".db", StringComparison.Ordinal) ? (name.EndsWith("-snapshots.db", StringComparison.Ordinal) ? 0 : 1) : 2)
            .ThenBy(name => name, StringComparer.Ordinal)
            .ToList();
        var copies = new List<FileCopy>();
        foreach (var (name, index) in files.Select((n, i) => (n, i)))
        {
            var source = Path.Combine(dataDirectory, name);
            var destination = Path.Combine(target, name);
            progress($"[{index + 1}/{files.Count}] {name}");
            copies.Add(name.EndsWith(".db", StringComparison.Ordinal) ? CopyDatabase(source, destination, name) : CopyFile(source, destination, name));
        }
        var manifest = new Manifest(started, DateTimeOffset.UtcNow, copies);
        File.WriteAllText(Path.Combine(target, ManifestFile), JsonSerializer.Serialize(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        return manifest;
    }

    private static FileCopy CopyDatabase(string source, string destination, string name)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $target";
            command.Parameters.AddWithValue("$target", destination);
            command.ExecuteNonQuery();
        }
        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        copy.Open();
        var check = copy.Scalar("PRAGMA quick_check") as string;
        if (check != "ok")
        {
            throw new InvalidDataException($"the copy of {name} failed its check: {check}");
        }
        var hasJournal = copy.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'") is long n && n > 0;
        return new FileCopy(name, new FileInfo(destination).Length,
            hasJournal ? (long)copy.Scalar("SELECT COUNT(*) FROM journal")! : null,
            hasJournal ? copy.Scalar("SELECT MAX(ordering) FROM journal") as long? ?? 0 : null);
    }

    private static FileCopy CopyFile(string source, string destination, string name)
    {
        File.Copy(source, destination);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(destination, File.GetUnixFileMode(source));
        }
        return new FileCopy(name, new FileInfo(destination).Length, null, null);
    }
}
