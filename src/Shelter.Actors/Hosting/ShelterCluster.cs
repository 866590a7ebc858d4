using System.Text;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Shelter.Persistence.Sqlite;

namespace Shelter.Actors;

/// <summary>The sharded regions and the relay, once started.</summary>
public sealed record ShelterRegions(IActorRef Evacuees, IActorRef Shelters, IActorRef Readers, IActorRef Municipalities, IActorRef Dashboard);

/// <summary>
/// Everything that makes an ActorSystem a Shelter node: configuration (cluster, sharding, persistence, serializer),
/// the setup that carries SQLite's connection hook, and starting the regions and the relay singleton. The host and the
/// tests both go through here, so they run the same wiring.
/// </summary>
public static class ShelterCluster
{
    public const string SystemName = "shelter";

    public static string ProviderName(JournalProvider provider) => provider switch
    {
        JournalProvider.Sqlite => LinqToDB.ProviderName.SQLiteMS,
        JournalProvider.PostgreSql => LinqToDB.ProviderName.PostgreSQL15,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public static Config Config(ShelterActorOptions options)
    {
        var provider = ProviderName(options.Provider);
        var connection = Quote(options.ConnectionString);
        var parallelism = options.JournalParallelism ?? (options.Provider == JournalProvider.Sqlite ? 1 : 4);
        // Microsoft.Data.Sqlite begins every transaction IMMEDIATE (taking the write lock) unless it is read-uncommitted,
        // which it begins DEFERRED. Reads (recoveries, the relay's polling) must not queue behind writes for the lock;
        // in WAL mode without shared cache, read-uncommitted still reads a consistent snapshot.
        var readIsolation = options.Provider == JournalProvider.Sqlite ? "read-uncommitted" : "unspecified";
        var groupCommit = UsesGroupCommitJournal(options);
        var bindings = new StringBuilder();
        foreach (var type in ShelterSerializer.BoundTypes)
        {
            bindings.AppendLine($"      {Quote(type.FullName + ", " + type.Assembly.GetName().Name)} = shelter");
        }
        var seeds = string.Join(", ", options.SeedNodes.Select(Quote));
        var hocon = $$"""
            shelter.read-journal = {{(groupCommit ? Quote(SqlitePersistence.ReadJournalPluginId) : Quote(Akka.Persistence.Sql.Query.SqlReadJournal.Identifier))}}
            akka {
              loglevel = INFO
              actor {
                provider = cluster
                serializers { shelter = "Shelter.Actors.ShelterSerializer, Shelter.Actors" }
                serialization-bindings {
            {{bindings}}
                }
                serialization-identifiers { "Shelter.Actors.ShelterSerializer, Shelter.Actors" = {{ShelterSerializer.Id}} }
              }
              remote.dot-netty.tcp {
                hostname = {{Quote(options.Hostname)}}
                public-hostname = {{Quote(options.PublicHostname ?? options.Hostname)}}
                port = {{options.Port}}
              }
              cluster {
                seed-nodes = [{{seeds}}]
                min-nr-of-members = 1
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = 7s
                }
                sharding {
                  number-of-shards = {{options.NumberOfShards}}
                  passivate-idle-entity-after = {{(int)options.PassivateIdleAfter.TotalSeconds}}s
                  state-store-mode = ddata
                  remember-entities = off
                }
              }
              persistence {
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
                  plugin = "akka.persistence.snapshot-store.sql"
                  sql {
                    connection-string = {{connection}}
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
                  journal-sequence-retrieval.query-delay = {{(int)options.QueryRefreshInterval.TotalMilliseconds}}ms
                }
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(SqlitePersistence.Plugins(options.ConnectionString, options.SqliteSynchronous, options.SqliteMaxRowsPerCommit,
                options.QueryRefreshInterval))
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>The ActorSystem setup: configuration plus, for SQLite, the connection hook that sets pragmas.</summary>
    public static ActorSystemSetup Setup(ShelterActorOptions options) =>
        ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(Config(options))).And(DataOptions(options));

    public static DataOptionsSetup DataOptions(ShelterActorOptions options)
    {
        var data = new DataOptions().UseConnectionString(ProviderName(options.Provider), options.ConnectionString);
        if (options.Provider == JournalProvider.Sqlite)
        {
            SqlitePragmas.PrepareDatabase(options.ConnectionString, createJournal: UsesGroupCommitJournal(options));
            data = data.UseInterceptor(new SqlitePragmas(options.SqliteSynchronous));
        }
        return new DataOptionsSetup(data);
    }

    private static bool UsesGroupCommitJournal(ShelterActorOptions options) =>
        options.Provider == JournalProvider.Sqlite && options.SqliteJournal == SqliteJournalKind.GroupCommit;

    /// <summary>Joins the cluster (itself, when no seeds are configured) and starts the sharded regions and the relay.</summary>
    public static ShelterRegions Start(ActorSystem system, ShelterActorOptions options)
    {
        var cluster = Cluster.Get(system);
        if (options.SeedNodes.Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system);
        var extractor = new EntityMessageExtractor(options.NumberOfShards);
        var allocation = sharding.DefaultShardAllocationStrategy(settings);
        IActorRef Region(string name, Func<string, Props> props) => sharding.Start(name, props, settings, extractor, allocation, StopEntity.Instance);
        var regions = new ShelterRegions(
            Region("evacuee", EvacueeActor.Props),
            Region("shelter", id => ShelterActor.Props(id, options.ShelterSnapshotEvery)),
            Region("reader", ReaderActor.Props),
            Region("municipality", MunicipalityActor.Props),
            SingletonProxy(system, StartSingleton(system, DashboardProjection.Props(), DashboardProjection.Name)));
        if (options.RunRelay)
        {
            var relaySettings = new ShelterRelay.RelaySettings(options.RelayBatchSize, options.RelayBatchWindow, TimeSpan.FromSeconds(15),
                TimeSpan.FromSeconds(2), 500);
            StartSingleton(system, ShelterRelay.Props(regions.Shelters, relaySettings), ShelterRelay.Name);
        }
        return regions;
    }

    /// <summary>Starts a cluster singleton's manager on this node; the oldest node runs the singleton itself.</summary>
    private static string StartSingleton(ActorSystem system, Props props, string name)
    {
        system.ActorOf(ClusterSingletonManager.Props(props, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), name);
        return name;
    }

    /// <summary>A proxy that reaches the singleton wherever it runs.</summary>
    private static IActorRef SingletonProxy(ActorSystem system, string name) =>
        system.ActorOf(ClusterSingletonProxy.Props($"/user/{name}", ClusterSingletonProxySettings.Create(system)), name + "-proxy");

    private static string Quote(string? value) => SqlitePersistence.Quote(value);
}
