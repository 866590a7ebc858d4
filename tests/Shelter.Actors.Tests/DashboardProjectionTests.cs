using Akka.Actor;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>Invariant 6: the projected figures equal the shelter entities' own state and a replay of the journal from scratch.</summary>
public sealed class DashboardProjectionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Journals), MemberType = typeof(TestDatabase))]
    public async Task After_a_burst_the_projection_equals_the_entities_and_a_replay_from_scratch(TestJournal journal)
    {
        using var database = new TestDatabase(journal);
        using var node = TestNode.Start(database);
        var scenario = node.Scenario;
        string[] shelters = ["P", "Q", "R"];
        await scenario.Open(shelters);
        var random = new Random(7);
        var evacuees = Enumerable.Range(0, 120).Select(i => $"proj-{i}").ToList();
        await Task.WhenAll(evacuees.Select(e => scenario.Tap(e, shelters[random.Next(3)], TapAction.CheckIn)));
        await Task.WhenAll(evacuees.Take(40).Select(e => scenario.Tap(e, shelters[random.Next(3)], TapAction.CheckIn)));
        await Task.WhenAll(evacuees.Skip(40).Take(30).Select(async e =>
        {
            var status = await scenario.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee(e), Scenario.Timeout);
            await scenario.Tap(e, status.CurrentShelterId!, TapAction.CheckOut);
        }));
        await Task.WhenAll(evacuees.Skip(70).Select(async e =>
        {
            var status = await scenario.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee(e), Scenario.Timeout);
            await scenario.Tap(e, status.CurrentShelterId!, TapAction.Meal);
            await scenario.Tap(e, status.CurrentShelterId!, TapAction.SupplyPickup);
        }));
        await scenario.Regions.Shelters.Ask<ShelterStatus>(new ReportSupplyStock("P", SupplyItem.Blankets, 30, 10), Scenario.Timeout);

        var entities = new Dictionary<string, ShelterStatus>();
        var deadline = DateTime.UtcNow + Scenario.Timeout;
        DashboardAnswer live;
        while (true)
        {
            foreach (var id in shelters)
            {
                entities[id] = await scenario.Status(id);
            }
            live = await scenario.Regions.Dashboard.Ask<DashboardAnswer>(new GetDashboard(0), Scenario.Timeout);
            // The relay delivers check-ins before the meals and pickups written after them: wait for every figure, not only occupancy.
            var delivered = entities.Values.Sum(s => s.Occupancy) == 90
                && entities.Values.Sum(s => s.MealsByPeriod.Values.Sum()) == 50
                && entities.Values.Sum(s => s.SupplyPickups) == 50;
            // The stock report is a shelter event of its own, which the projection may read a poll after the taps' figures.
            var stocked = live.Shelters.Any(s => s.Figures.Info?.Id == "P" && s.Figures.Stock?.ContainsKey("blankets") == true);
            if (delivered && stocked && shelters.All(id => Matches(live, id, entities[id])) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }
        var replay = await scenario.Regions.Dashboard.Ask<DashboardAnswer>(new ReplayDashboardFromScratch(), Scenario.Timeout);

        Assert.Equal(90, entities.Values.Sum(s => s.Occupancy));
        Assert.Equal(50, entities.Values.Sum(s => s.MealsByPeriod.Values.Sum()));
        Assert.Equal(50, entities.Values.Sum(s => s.SupplyPickups));
        foreach (var id in shelters)
        {
            Assert.True(Matches(live, id, entities[id]), $"live projection of {id} differs from the entity");
            Assert.True(Matches(replay, id, entities[id]), $"replay of {id} differs from the entity");
        }
        var p = live.Shelters.Single(s => s.Figures.Info!.Id == "P").Figures;
        Assert.Equal(new SupplyStock(30, 10), p.Stock!["blankets"]);
        Assert.Equal(entities.Values.Sum(s => s.Arrivals), live.Shelters.Sum(s => s.Figures.Trend.Sum(h => h.Arrivals)));
    }

    internal static bool Matches(DashboardAnswer answer, string id, ShelterStatus entity)
    {
        var figures = answer.Shelters.SingleOrDefault(s => s.Figures.Info?.Id == id)?.Figures;
        return figures is not null
            && figures.State is null
            && figures.Occupancy == entity.Occupancy
            && figures.ProvisionalOccupants == entity.ProvisionalOccupants
            && figures.Arrivals == entity.Arrivals
            && figures.Departures == entity.Departures
            && figures.SupplyPickups == entity.SupplyPickups
            && figures.LastSourceOffset == entity.LastSourceOffset
            && figures.MealsByPeriod!.OrderBy(kv => kv.Key).SequenceEqual(entity.MealsByPeriod.OrderBy(kv => kv.Key));
    }
}
