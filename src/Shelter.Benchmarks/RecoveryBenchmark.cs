using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Shelter.Actors;
using Shelter.Domain;
using Shelter.Persistence.Sqlite;

namespace Shelter.Benchmarks;

/// <summary>
/// How long an evacuee takes to recover as its history grows: a person with 30 days of ordinary taps, and one card fed
/// far more (the review's supply-pickup flood). Evacuees snapshot every <see cref="ShelterActorOptions.EvacueeSnapshotEvery"/>
/// events, so the longest replay is one interval: 10,999 events is the worst case after 10,000. Each history is written,
/// the node restarted on the same file, and the first question to the evacuee (recovery, then the answer) timed
/// against a second one (live).
/// </summary>
public static class RecoveryBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        int[] histories = args.Contains("--quick") ? [180, 1_800] : [180, 1_800, 10_000, 10_999];
        Console.WriteLine($"recovery benchmark: one evacuee per history, SQLite (synchronous=Normal while writing), a snapshot every {new ShelterActorOptions().EvacueeSnapshotEvery:N0} events");
        foreach (var events in histories)
        {
            await Measure(events);
        }
        return 0;
    }

    private static async Task Measure(int events)
    {
        var dir = Directory.CreateTempSubdirectory("shelter-recovery-bench-").FullName;
        var options = new ShelterActorOptions
        {
            ConnectionString = $"Data Source={Path.Combine(dir, "journal.db")}",
            SqliteSynchronous = SqliteSynchronous.Normal,
            RunRelay = false,
        };
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        await using (var node = await ActorNode.StartAsync(options))
        {
            var first = new Tap(Guid.NewGuid(), "r", "s", TapAction.CheckIn, start, false, null);
            await node.Regions.Evacuees.Ask<TapOutcome>(new ProcessTap("e", first), TimeSpan.FromSeconds(30));
            for (var i = 1; i < events; i++)
            {
                // Spread over 30 days, as a person's pickups and meals would be; every tap has its own ID.
                var at = start + TimeSpan.FromDays(30.0 * i / events);
                var tap = new Tap(Guid.NewGuid(), "r", "s", TapAction.SupplyPickup, at, false, null);
                var outcome = await node.Regions.Evacuees.Ask<TapOutcome>(new ProcessTap("e", tap), TimeSpan.FromSeconds(30));
                if (outcome.Status != TapStatus.Accepted)
                {
                    throw new InvalidOperationException(outcome.Message);
                }
            }
            await node.StopAsync();
        }
        await using (var node = await ActorNode.StartAsync(options))
        {
            // A thousand empty evacuees first, so that every shard is allocated and the code compiled: what is timed is
            // the recovery, not the node's first seconds.
            await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => node.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee($"warm-{i}"), TimeSpan.FromSeconds(60))));
            var watch = Stopwatch.StartNew();
            var recovered = await node.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee("e"), TimeSpan.FromSeconds(60));
            var recovery = watch.Elapsed;
            watch.Restart();
            await node.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee("e"), TimeSpan.FromSeconds(60));
            var live = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {events,7:N0} events: first answer {recovery.TotalMilliseconds,8:N1} ms (recovery), live answer {live.TotalMilliseconds,6:N2} ms, "
                + $"{(recovery - live).TotalMilliseconds * 1000 / events,6:N1} µs per event; remembered tap IDs {recovered.RememberedTaps:N0}"));
            await node.StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
