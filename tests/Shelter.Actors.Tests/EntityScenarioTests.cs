using Akka.Actor;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>The evacuee and shelter entities on a real journal (SQLite, and PostgreSQL where configured), in a single-node cluster.</summary>
public sealed class EntityScenarioTests
{

    [Theory]
    [MemberData(nameof(TestDatabase.Journals), MemberType = typeof(TestDatabase))]
    public async Task Check_in_duplicate_move_check_out_and_meals(TestJournal journal)
    {
        using var database = new TestDatabase(journal);
        using var node = TestNode.Start(database);
        var scenario = node.Scenario;
        await scenario.Open("A", "B");
        var evacuee = "e-" + Guid.NewGuid().ToString("N");

        var checkIn = Scenario.NewTap("A", TapAction.CheckIn);
        var first = await scenario.Send(evacuee, checkIn);
        Assert.Equal(TapStatus.Accepted, first.Status);
        Assert.Equal("checked-in", first.Code);
        await scenario.StatusWhen("A", s => s.Occupancy == 1 && s.ProvisionalOccupants == 1);

        var again = await scenario.Send(evacuee, checkIn);
        Assert.Equal(TapStatus.Duplicate, again.Status);
        Assert.Equal("checked-in", again.Code);

        Assert.Equal("moved", (await scenario.Tap(evacuee, "B", TapAction.CheckIn)).Code);
        await scenario.StatusWhen("A", s => s.Occupancy == 0 && s.Departures == 1);
        await scenario.StatusWhen("B", s => s.Occupancy == 1);

        Assert.Equal("meal-served", (await scenario.Tap(evacuee, "B", TapAction.Meal)).Code);
        var second = await scenario.Tap(evacuee, "B", TapAction.Meal, Scenario.Noon.AddMinutes(30));
        Assert.Equal(TapStatus.Rejected, second.Status);
        Assert.Equal("meal-already-served", second.Code);

        Assert.Equal("checked-out", (await scenario.Tap(evacuee, "B", TapAction.CheckOut)).Code);
        var b = await scenario.StatusWhen("B", s => s.Occupancy == 0);
        Assert.Equal(1, b.MealsByPeriod["2026-11-24/lunch"]);
        Assert.Equal(1, b.Arrivals);
        Assert.Equal(1, b.Departures);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Journals), MemberType = typeof(TestDatabase))]
    public async Task The_same_tap_sent_concurrently_takes_effect_once(TestJournal journal)
    {
        using var database = new TestDatabase(journal);
        using var node = TestNode.Start(database);
        var scenario = node.Scenario;
        await scenario.Open("C");
        var evacuee = "e-" + Guid.NewGuid().ToString("N");
        var tap = Scenario.NewTap("C", TapAction.CheckIn);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => scenario.Send(evacuee, tap)));

        Assert.Single(outcomes, o => o.Status == TapStatus.Accepted);
        Assert.Equal(7, outcomes.Count(o => o.Status == TapStatus.Duplicate));
        var status = await scenario.StatusWhen("C", s => s.Occupancy == 1);
        Assert.Equal(1, status.Arrivals);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Journals), MemberType = typeof(TestDatabase))]
    public async Task Many_evacuees_moving_between_shelters_leave_exact_occupancy(TestJournal journal)
    {
        using var database = new TestDatabase(journal);
        using var node = TestNode.Start(database);
        var scenario = node.Scenario;
        await scenario.Open("D", "E");
        var evacuees = Enumerable.Range(0, 60).Select(i => $"many-{i}-{Guid.NewGuid():N}").ToList();
        await Task.WhenAll(evacuees.Select(e => scenario.Tap(e, "D", TapAction.CheckIn)));
        await Task.WhenAll(evacuees.Take(25).Select(e => scenario.Tap(e, "E", TapAction.CheckIn)));
        await Task.WhenAll(evacuees.Skip(50).Select(e => scenario.Tap(e, "D", TapAction.CheckOut)));

        await scenario.StatusWhen("D", s => s.Occupancy == 25);
        await scenario.StatusWhen("E", s => s.Occupancy == 25);
    }
}
