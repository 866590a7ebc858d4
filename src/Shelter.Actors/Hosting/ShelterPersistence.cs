using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Shelter.Persistence.Sqlite;

namespace Shelter.Actors;

/// <summary>
/// Where a node keeps its events: Shelter's SQLite journal, or Akka.Persistence.Sql on SQLite or PostgreSQL, with
/// Akka.Persistence.Sql's snapshot store beside either. Akka.Persistence.Sql's hosting package is not served at our Akka
/// version, so this is the one part of the node configured in HOCON.
/// </summary>
public static class ShelterPersistence
{
    public static string ProviderName(JournalProvider provider) => provider switch
    {
        JournalProvider.Sqlite => LinqToDB.ProviderName.SQLiteMS,
        JournalProvider.PostgreSql => LinqToDB.ProviderName.PostgreSQL15,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>The read journal the relay and the dashboard projection follow: the one that reads what the journal wrote.</summary>
    public static string ReadJournalPluginId(ShelterActorOptions options) =>
        UsesGroupCommitJournal(options) ? SqlitePersistence.ReadJournalPluginId : Akka.Persistence.Sql.Query.SqlReadJournal.Identifier;

    public static Config Config(ShelterActorOptions options)
    {
        var provider = ProviderName(options.Provider);
        var connection = Quote(options.ConnectionString);
        var snapshots = Quote(SnapshotConnectionString(options));
        var parallelism = options.JournalParallelism ?? (options.Provider == JournalProvider.Sqlite ? 1 : 4);
        // Microsoft.Data.Sqlite begins every transaction IMMEDIATE (taking the write lock) unless it is read-uncommitted,
        // which it begins DEFERRED. Reads (recoveries, the relay's polling) must not queue behind writes for the lock;
        // in WAL mode without shared cache, read-uncommitted still reads a consistent snapshot.
        var readIsolation = options.Provider == JournalProvider.Sqlite ? "read-uncommitted" : "unspecified";
        var groupCommit = UsesGroupCommitJournal(options);
        var hocon = $$"""
            akka.persistence {
              # After a node is lost its entities recover on the others on demand; this keeps a burst of them from
              # opening more journal queries at once than the connection pool can serve.
              max-concurrent-recoveries = {{options.MaxConcurrentRecoveries}}
              journal {
                plugin = {{Quote(groupCommit ? SqlitePersistence.JournalPluginId : "akka.persistence.journal.sql")}}
                # Akka.Persistence.Sql's journal: on PostgreSQL, or on SQLite when chosen; otherwise never started.
                sql {
                  connection-string = {{connection}}
                  provider-name = {{Quote(provider)}}
                  auto-initialize = {{(groupCommit ? "off" : "on")}}
                  parallelism = {{parallelism}}
                  batch-size = {{options.JournalBatchSize}}
                  tag-write-mode = TagTable
                  # Without this the plugin inserts tagged rows one at a time to learn their ordering.
                  tagtable-asqueryable-insert-mode = parameterized
                  prefer-parameters-on-multirow-insert = true
                  read-isolation-level = {{readIsolation}}
                }
              }
              snapshot-store {
                plugin = {{Quote(groupCommit ? SqlitePersistence.SnapshotPluginId : "akka.persistence.snapshot-store.sql")}}
                # Akka.Persistence.Sql's snapshot store: beside its journal; with Shelter's SQLite journal, Shelter's own.
                sql {
                  connection-string = {{snapshots}}
                  provider-name = {{Quote(provider)}}
                  auto-initialize = on
                  read-isolation-level = {{readIsolation}}
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = {{Quote(provider)}}
                write-plugin = "akka.persistence.journal.sql"
                tag-read-mode = TagTable
                read-isolation-level = {{readIsolation}}
                refresh-interval = {{(int)options.QueryRefreshInterval.TotalMilliseconds}}ms
                journal-sequence-retrieval {
                  query-delay = {{(int)options.QueryRefreshInterval.TotalMilliseconds}}ms
                  # The plugin gives a gap up after query-delay times max-tries; its default of ten polls is one
                  # second at Shelter's polling, far shorter than a write under load may take to commit.
                  max-tries = {{GapPolls(options)}}
                }
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(SqlitePersistence.Plugins(options.ConnectionString, SnapshotConnectionString(options), options.SqliteSynchronous, options.SqliteMaxRowsPerCommit,
                options.QueryRefreshInterval))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>How many polls at <see cref="ShelterActorOptions.QueryRefreshInterval"/> make up <see cref="ShelterActorOptions.JournalGapWait"/>.</summary>
    public static int GapPolls(ShelterActorOptions options) =>
        Math.Max(1, (int)Math.Ceiling(options.JournalGapWait / options.QueryRefreshInterval));

    public static string SnapshotConnectionString(ShelterActorOptions options) =>
        options.Provider == JournalProvider.Sqlite ? SqliteSnapshotFile.ConnectionStringFor(options.ConnectionString) : options.ConnectionString;

    /// <summary>
    /// linq2db's connection settings for each of Akka.Persistence.Sql's plugins (the snapshot store's file differs from
    /// the journal's); for SQLite, with the hook that sets pragmas, after the files are prepared and snapshots kept in
    /// the journal's file by earlier versions moved to their own.
    /// </summary>
    public static MultiDataOptionsSetup DataOptions(ShelterActorOptions options)
    {
        var snapshots = SnapshotConnectionString(options);
        if (options.Provider == JournalProvider.Sqlite)
        {
            SqlitePragmas.PrepareDatabase(options.ConnectionString, createJournal: UsesGroupCommitJournal(options));
            SqlitePragmas.PrepareDatabase(snapshots, createJournal: false);
            SqliteSnapshotFile.MoveOutOfJournal(options.ConnectionString, snapshots);
        }
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions("akka.persistence.journal.sql", Data(options, options.ConnectionString));
        setup.AddDataOptions("akka.persistence.query.journal.sql", Data(options, options.ConnectionString));
        setup.AddDataOptions("akka.persistence.snapshot-store.sql", Data(options, snapshots));
        return setup;
    }

    private static DataOptions Data(ShelterActorOptions options, string connectionString)
    {
        var data = new DataOptions().UseConnectionString(ProviderName(options.Provider), connectionString);
        return options.Provider == JournalProvider.Sqlite ? data.UseInterceptor(new SqlitePragmas(options.SqliteSynchronous)) : data;
    }

    private static bool UsesGroupCommitJournal(ShelterActorOptions options) =>
        options.Provider == JournalProvider.Sqlite && options.SqliteJournal == SqliteJournalKind.GroupCommit;

    private static string Quote(string? value) => SqlitePersistence.Quote(value);
}
