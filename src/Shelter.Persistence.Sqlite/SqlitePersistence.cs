using Akka.Configuration;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// The configuration of this journal and its read journal as Akka.Persistence plugins. The plugins are found by the
/// IDs here; nothing else in an actor system needs to know their class names.
/// </summary>
public static class SqlitePersistence
{
    public const string JournalPluginId = "akka.persistence.journal.shelter-sqlite";

    public const string ReadJournalPluginId = SqliteReadJournal.Identifier;

    public const string SnapshotPluginId = "akka.persistence.snapshot-store.shelter-sqlite";

    /// <summary>
    /// The journal and read journal on the SQLite file of <paramref name="connectionString"/>, and the snapshot store on
    /// <paramref name="snapshotConnectionString"/> (for a node, <see cref="SqliteSnapshotFile.ConnectionStringFor"/>);
    /// none is made the default here, and nothing is opened or parsed until a plugin is used.
    /// </summary>
    public static Config Plugins(string connectionString, string snapshotConnectionString, SqliteSynchronous synchronous, int maxRowsPerCommit,
        TimeSpan refreshInterval) =>
        ConfigurationFactory.ParseString($$"""
            {{JournalPluginId}} {
              class = "{{TypeName<SqliteJournal>()}}"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = {{Quote(connectionString)}}
              synchronous = {{synchronous}}
              max-rows-per-commit = {{maxRowsPerCommit}}
              # Writes waiting for a commit; past this a write is refused at once rather than left to time out.
              max-queued-writes = 10000
              # How often a writer whose file failed tries a fresh connection.
              probe-interval = 500ms
              checkpoint-interval = 1s
              # Threads that run recoveries and the read journal's polls, off the actors' dispatcher.
              read-threads = {{SqliteJournalExtension.DefaultReadThreads}}
            }
            {{SnapshotPluginId}} {
              class = "{{TypeName<SqliteSnapshotStore>()}}"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              connection-string = {{Quote(snapshotConnectionString)}}
              synchronous = {{synchronous}}
            }
            {{ReadJournalPluginId}} {
              class = "{{TypeName<SqliteReadJournalProvider>()}}"
              connection-string = {{Quote(connectionString)}}
              refresh-interval = {{(int)refreshInterval.TotalMilliseconds}}ms
              max-buffer-size = 1000
            }
            """);

    private static string TypeName<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    /// <summary>A HOCON string literal: connection strings are paths, and paths may hold quotes and backslashes.</summary>
    public static string Quote(string? value) =>
        "\"" + (value ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
