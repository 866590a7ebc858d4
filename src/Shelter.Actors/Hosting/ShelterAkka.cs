using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Remote.Hosting;

namespace Shelter.Actors;

/// <summary>
/// Everything that makes an actor system a Shelter node, in one <c>AddAkka</c> chain: remoting and clustering, the
/// serializer, persistence, the four sharded regions and the two read-side singletons. The host, the tests and the
/// benchmarks all start nodes through here, so they run the same wiring.
/// </summary>
public static class ShelterAkka
{
    public const string SystemName = "shelter";

    public static AkkaConfigurationBuilder WithShelterActors(this AkkaConfigurationBuilder akka, ShelterActorOptions options)
    {
        var extractor = new EntityMessageExtractor(options.NumberOfShards);
        var shards = new ShardOptions
        {
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = options.PassivateIdleAfter,
            HandOffStopMessage = StopEntity.Instance,
        };
        // The proxy's identification-failure timer (Akka.Cluster.Tools 1.5.73) ticks first at zero delay, so it warned
        // "failed to find … after 30 seconds" on every healthy start, before the cluster had formed. A projection that
        // really stays away shows in the dashboard broadcaster's own warning, every interval it gets no answer.
        var singletons = new ClusterSingletonOptions { TerminationMessage = PoisonPill.Instance, LogSingletonIdentificationFailure = false };
        var readJournal = ShelterPersistence.ReadJournalPluginId(options);

        akka.AddHocon(ShelterPersistence.Config(options), HoconAddMode.Prepend)
            // Downing waits this long for a stable view before acting; the hosting options leave SBR at its 20 s default.
            .AddHocon("akka.cluster.split-brain-resolver.stable-after = 7s", HoconAddMode.Prepend)
            // The host stops the actor system when its turn comes (after the web side has drained its taps). Akka's own
            // process-exit hook would start leaving the cluster at the first SIGTERM, under requests still being answered.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
            // A region asks for the new home of a shard that moved this often; Akka's 2 s default can add up to 2 s to
            // every tap for a shard of a node that left.
            .AddHocon("akka.cluster.sharding.retry-interval = 500ms", HoconAddMode.Prepend)
            .AddSetup(ShelterPersistence.DataOptions(options))
            .WithRemoting(new RemoteOptions { HostName = options.Hostname, Port = options.Port, PublicHostName = options.PublicHostname ?? options.Hostname })
            .WithClustering(new ClusterOptions
            {
                SeedNodes = [.. options.SeedNodes],
                MinimumNumberOfMembers = 1,
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithShelterSerializer()
            .WithShardRegion<EvacueeRegion>("evacuee", id => EvacueeActor.Props(id, options.EvacueeSnapshotEvery), extractor, shards)
            .WithShardRegion<ShelterRegion>("shelter", id => ShelterActor.Props(id, options.ShelterSnapshotEvery), extractor, shards)
            .WithShardRegion<MunicipalityRegion>("municipality", MunicipalityActor.Props, extractor, shards)
            .WithSingleton<DashboardProjection>(DashboardProjection.Name, Supervised(DashboardProjection.Props(readJournal), "projection"), singletons, createProxyToo: true);
        if (options.RunRelay)
        {
            var relay = new ShelterRelay.RelaySettings(options.RelayBatchSize, options.RelayBatchWindow, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2), 500);
            akka.WithSingleton<ShelterRelay>(ShelterRelay.Name,
                (_, registry, _) => Supervised(ShelterRelay.Props(registry.Get<ShelterRegion>(), relay, readJournal), "relay"), singletons, createProxyToo: false);
            // Under load the relay keeps delivering to shelters while their shards are handed off, and the hand-off
            // waited out its timeout; stopped first, it leaves the shelters idle. It resumes from its stored offset.
            akka.AddStartup((system, _) => CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "stop-relay", async () =>
            {
                try
                {
                    var supervisor = await system.ActorSelection($"/user/{ShelterRelay.Name}/{ShelterRelay.Name}").ResolveOne(TimeSpan.FromSeconds(1));
                    await supervisor.GracefulStop(TimeSpan.FromSeconds(5));
                }
                catch (Exception ex) when (ex is ActorNotFoundException or TaskCanceledException)
                {
                    // The relay runs on another node, or has already stopped.
                }
                return Akka.Done.Instance;
            }));
        }
        if (options.SeedNodes.Count == 0)
        {
            // Without seeds a node is a cluster of one: it joins itself.
            akka.AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
        }
        return akka;
    }

    /// <summary>
    /// A read-side singleton started again after a growing pause whenever it stops or throws: a persistent actor stops
    /// when a write fails (a database blip, a full disk), and without this it would stay down until the node restarts.
    /// The singleton manager runs the supervisor, so the pause is spent on the node that holds the singleton.
    /// </summary>
    private static Props Supervised(Props follower, string name) =>
        BackoffSupervisor.Props(Backoff.OnStop(follower, name, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1));
}
