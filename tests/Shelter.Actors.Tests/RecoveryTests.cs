using Akka.Actor;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>State survives the actor system: stop it, start a new one on the same SQLite file, and nothing changed.</summary>
public sealed class RecoveryTests
{
    private static async Task<(TestNode Node, Scenario Scenario)> StartNode(TestDatabase database, bool runRelay = true, TestJournal? journal = null)
    {
        var node = await TestNode.StartAsync(database.Options(runRelay, journal));
        return (node, node.Scenario);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Journals), MemberType = typeof(TestDatabase))]
    public async Task A_new_actor_system_on_the_same_journal_recovers_the_same_state(TestJournal journal)
    {
        using var database = new TestDatabase(journal);
        var (first, before) = await StartNode(database);
        await before.Open("A");
        var checkIn = Scenario.NewTap("A", TapAction.CheckIn);
        Assert.Equal(TapStatus.Accepted, (await before.Send("e1", checkIn)).Status);
        await before.Tap("e1", "A", TapAction.Meal);
        await before.Tap("e2", "A", TapAction.CheckIn);
        for (var i = 0; i < 5; i++)
        {
            await before.Tap("e2", "A", TapAction.SupplyPickup); // passes the snapshot interval
        }
        var expected = await before.StatusWhen("A", s => s.Occupancy == 2 && s.SupplyPickups == 5);
        // e2's six events pass the evacuee snapshot interval too: it recovers from a snapshot and the events after it.
        var e2 = await before.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee("e2"), Scenario.Timeout);
        await first.DisposeAsync();
        if (journal == TestJournal.Sqlite)
        {
            Assert.Equal(4L, database.SnapshotSequenceNr("evacuee-e2"));
        }

        var (second, after) = await StartNode(database);
        try
        {
            Assert.Equal(TapStatus.Duplicate, (await after.Send("e1", checkIn)).Status);
            Assert.Equal("meal-already-served", (await after.Tap("e1", "A", TapAction.Meal, Scenario.Noon.AddMinutes(10))).Code);
            var e2After = await after.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee("e2"), Scenario.Timeout);
            Assert.Equal((e2.CurrentShelterId, e2.RememberedTaps, e2.MealsServed.Length), (e2After.CurrentShelterId, e2After.RememberedTaps, e2After.MealsServed.Length));
            Assert.Equal("already-checked-in", (await after.Tap("e2", "A", TapAction.CheckIn)).Code);
            var status = await after.Status("A");
            Assert.Equal(expected.Occupancy, status.Occupancy);
            Assert.Equal(expected.Arrivals, status.Arrivals);
            Assert.Equal(expected.SupplyPickups, status.SupplyPickups);
            Assert.Equal(expected.MealsByPeriod, status.MealsByPeriod);
            Assert.Equal("避難所 A", status.Info!.Name);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Journals), MemberType = typeof(TestDatabase))]
    public async Task A_crash_after_the_evacuee_persisted_but_before_any_shelter_did_ends_with_exact_occupancy(TestJournal journal)
    {
        using var database = new TestDatabase(journal);
        // First node: evacuee events are persisted and answered, but the relay never runs, as if the node died
        // between the evacuee's write and the shelter's.
        var (first, before) = await StartNode(database, runRelay: false);
        await before.Open("A", "B");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(TapStatus.Accepted, (await before.Tap($"e{i}", "A", TapAction.CheckIn)).Status);
        }
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("moved", (await before.Tap($"e{i}", "B", TapAction.CheckIn)).Code);
        }
        Assert.Equal("checked-out", (await before.Tap("e9", "A", TapAction.CheckOut)).Code);
        Assert.Equal(0, (await before.Status("A")).Occupancy);
        await first.DisposeAsync();

        var (second, after) = await StartNode(database, runRelay: true);
        try
        {
            var a = await after.StatusWhen("A", s => s.Occupancy == 5);
            var b = await after.StatusWhen("B", s => s.Occupancy == 4);
            Assert.Equal(10, a.Arrivals);
            Assert.Equal(5, a.Departures);
            Assert.Equal(4, b.Arrivals);

            // The relay resumes from its stored offset on a third start and nothing is counted twice.
            await second.DisposeAsync();
            (second, after) = await StartNode(database);
            await Task.Delay(500);
            Assert.Equal(5, (await after.StatusWhen("A", s => s.Occupancy == 5)).Occupancy);
            Assert.Equal(10, (await after.Status("A")).Arrivals);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    /// <summary>
    /// Shelter's SQLite journal writes Akka.Persistence.Sql's tables: a file written by either journal is recovered by the
    /// other, entities and relay offsets included, so an operator can switch between them without a migration.
    /// </summary>
    [Fact]
    public async Task Either_SQLite_journal_recovers_what_the_other_wrote()
    {
        using var database = new TestDatabase(TestJournal.Sqlite);
        var (first, before) = await StartNode(database, journal: TestJournal.Sqlite);
        await before.Open("A", "B");
        var checkIn = Scenario.NewTap("A", TapAction.CheckIn);
        Assert.Equal(TapStatus.Accepted, (await before.Send("e1", checkIn)).Status);
        await before.Tap("e1", "A", TapAction.Meal);
        await before.Tap("e2", "A", TapAction.CheckIn);
        await before.StatusWhen("A", s => s.Occupancy == 2);
        await first.DisposeAsync();

        var (second, middle) = await StartNode(database, journal: TestJournal.SqliteAkkaPersistenceSql);
        try
        {
            Assert.Equal(TapStatus.Duplicate, (await middle.Send("e1", checkIn)).Status);
            Assert.Equal("meal-already-served", (await middle.Tap("e1", "A", TapAction.Meal, Scenario.Noon.AddMinutes(10))).Code);
            Assert.Equal("moved", (await middle.Tap("e2", "B", TapAction.CheckIn)).Code);
            await middle.StatusWhen("B", s => s.Occupancy == 1);
            Assert.Equal(1, (await middle.StatusWhen("A", s => s.Occupancy == 1)).Occupancy);
        }
        finally
        {
            await second.DisposeAsync();
        }

        var (third, after) = await StartNode(database, journal: TestJournal.Sqlite);
        try
        {
            Assert.Equal("already-checked-in", (await after.Tap("e2", "B", TapAction.CheckIn)).Code);
            Assert.Equal("checked-out", (await after.Tap("e1", "A", TapAction.CheckOut)).Code);
            var a = await after.StatusWhen("A", s => s.Occupancy == 0);
            Assert.Equal(2, a.Arrivals);
            Assert.Equal(2, a.Departures);
            Assert.Equal(1, (await after.Status("B")).Occupancy);
            Assert.Equal(1, (await after.Status("A")).MealsByPeriod.Values.Sum());
        }
        finally
        {
            await third.DisposeAsync();
        }
    }
}
