using System.Text.Json;

namespace Shelter.LoadSim;

/// <summary>
/// After a run: do the host's figures equal what the accepted answers imply? Per shelter (occupancy, arrivals,
/// departures, pickups, meals per period) and per evacuee (current shelter, meals served). Any accepted tap that is
/// missing, or counted twice, shows up as a difference and is listed.
/// </summary>
public static class Reconciliation
{
    public sealed record Result(bool Clean, int SheltersChecked, int EvacueesChecked, List<string> ShelterDifferences, List<string> EvacueeDifferences,
        IReadOnlyList<string> RuleViolations, double ConvergedAfterSeconds);

    public static async Task<Result> Run(SimOptions options, Corpus corpus, Model model, HostClient client, TextWriter log)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        List<string> shelterDifferences = [];
        while (true)
        {
            shelterDifferences = await CompareShelters(options, model, client);
            if (shelterDifferences.Count == 0 || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                break;
            }
            await Task.Delay(250);
        }
        var converged = watch.Elapsed.TotalSeconds;
        log.WriteLine($"reconciliation: shelters {(shelterDifferences.Count == 0 ? "match" : "differ")} after {converged:0.0} s; checking evacuees …");

        var evacueeDifferences = new System.Collections.Concurrent.ConcurrentBag<string>();
        var touched = model.TouchedEvacuees;
        await Parallel.ForEachAsync(touched, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (index, _) =>
        {
            var evacuee = corpus.Evacuees[index];
            var host = await client.GetEvacuee(evacuee);
            var expectedShelter = model.LocationOf(index) is { } s ? Corpus.ShelterId(options, s) : null;
            var actualShelter = host?.GetProperty("currentShelterId").GetString();
            var expectedMeals = string.Join(",", model.MealsOf(index));
            var actualMeals = host is null ? "" : string.Join(",", host.Value.GetProperty("mealsServed").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal));
            if (expectedShelter != actualShelter || expectedMeals != actualMeals)
            {
                evacueeDifferences.Add($"evacuee {index}: expected at {expectedShelter ?? "none"} meals [{expectedMeals}], host says {actualShelter ?? "none"} [{actualMeals}]");
            }
        });
        var differences = evacueeDifferences.ToList();
        return new Result(shelterDifferences.Count == 0 && differences.Count == 0 && model.Violations.Count == 0, options.Shelters, touched.Count,
            shelterDifferences, differences, model.Violations, converged);
    }

    private static async Task<List<string>> CompareShelters(SimOptions options, Model model, HostClient client)
    {
        var differences = new List<string>();
        for (var s = 0; s < options.Shelters; s++)
        {
            var id = Corpus.ShelterId(options, s);
            var host = await client.GetShelter(id);
            var expected = model.Shelters[s];
            void Check(string what, long want, long got)
            {
                if (want != got)
                {
                    differences.Add($"{id} {what}: expected {want}, host {got} ({(got > want ? "counted twice or more" : "missing")}: {Math.Abs(got - want)})");
                }
            }
            Check("occupancy", expected.Occupants.Count, host.GetProperty("occupancy").GetInt32());
            Check("arrivals", expected.Arrivals, host.GetProperty("arrivals").GetInt64());
            Check("departures", expected.Departures, host.GetProperty("departures").GetInt64());
            Check("supply pickups", expected.SupplyPickups, host.GetProperty("supplyPickups").GetInt64());
            var hostMeals = host.GetProperty("mealsByPeriod").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            foreach (var period in expected.Meals.Keys.Union(hostMeals.Keys))
            {
                Check($"meals {period}", expected.Meals.GetValueOrDefault(period), hostMeals.GetValueOrDefault(period));
            }
        }
        return differences;
    }
}
