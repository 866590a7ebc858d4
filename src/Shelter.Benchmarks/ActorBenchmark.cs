using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Shelter.Actors;
using Shelter.Domain;
using Shelter.Persistence.Sqlite;

namespace Shelter.Benchmarks;

/// <summary>
/// Taps straight into the evacuee region (no HTTP, no signatures) on a real SQLite file, through each of the two SQLite
/// journals in turn: what the actors and the journal can do on their own, and what the group-commit journal changed.
/// </summary>
public static class ActorBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var evacuees = args.Contains("--quick") ? 5_000 : int.TryParse(Environment.GetEnvironmentVariable("BENCH_EVACUEES"), out var n) ? n : 20_000;
        var synchronous = args.Contains("--normal") ? SqliteSynchronous.Normal : SqliteSynchronous.Full;
        Console.WriteLine($"actor benchmark: {evacuees:N0} evacuees, SQLite synchronous={synchronous}, 256 taps in flight, relay running");
        var rates = new Dictionary<SqliteJournalKind, (double First, double Live)>();
        foreach (var journal in new[] { SqliteJournalKind.GroupCommit, SqliteJournalKind.AkkaPersistenceSql })
        {
            Console.WriteLine($"journal {journal}");
            rates[journal] = await Measure(journal, synchronous, evacuees);
        }
        var (first, live) = rates[SqliteJournalKind.GroupCommit];
        var (baseFirst, baseLive) = rates[SqliteJournalKind.AkkaPersistenceSql];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"group commit vs Akka.Persistence.Sql's journal, same run: first taps {first / baseFirst:F1}x, live taps {live / baseLive:F1}x"));
        return 0;
    }

    private static async Task<(double First, double Live)> Measure(SqliteJournalKind journal, SqliteSynchronous synchronous, int evacuees)
    {
        var dir = Directory.CreateTempSubdirectory("shelter-actor-bench-").FullName;
        var options = new ShelterActorOptions
        {
            ConnectionString = $"Data Source={Path.Combine(dir, "journal.db")}",
            SqliteSynchronous = synchronous,
            SqliteJournal = journal,
        };
        await using var node = await ActorNode.StartAsync(options);
        var regions = node.Regions;
        var zone = ShelterTimeZone.Resolve(ShelterTimeZone.Default);
        for (var s = 0; s < 10; s++)
        {
            await regions.Shelters.Ask<ShelterOpenResult>(new OpenShelter(new ShelterInfo($"s{s}", $"s{s}", 10_000, "bench", ShelterTimeZone.Default)), TimeSpan.FromSeconds(30));
        }
        var now = DateTimeOffset.UtcNow;
        var rates = new List<double>();
        foreach (var (phase, action) in new[] { ("first taps (check-in, entity recovers)", TapAction.CheckIn), ("second taps (meal, entity live)", TapAction.Meal) })
        {
            var watch = Stopwatch.StartNew();
            var next = -1;
            var workers = Enumerable.Range(0, 256).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < evacuees)
                {
                    var tap = new Tap(Guid.NewGuid(), "r", $"s{i % 10}", action, now, false, action == TapAction.Meal ? MealPeriod.Of(now, zone) : null);
                    var outcome = await regions.Evacuees.Ask<TapOutcome>(new ProcessTap($"e{i}", tap), TimeSpan.FromSeconds(60));
                    if (outcome.Status != TapStatus.Accepted)
                    {
                        throw new InvalidOperationException(outcome.Message);
                    }
                }
            });
            await Task.WhenAll(workers);
            rates.Add(evacuees / watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-42} {rates[^1],10:N0} taps/s"));
        }
        await node.StopAsync();
        Directory.Delete(dir, recursive: true);
        return (rates[0], rates[1]);
    }
}
