using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Shelter.Domain;
using Shelter.Persistence.Sqlite;

namespace Shelter.Actors.Tests;

/// <summary>
/// A journal written when evacuees were known by their certificate's hash (and temporary cards as <c>card:</c> IDs) is
/// rewritten to pseudonyms: every evacuee, after the migration, is where it was with the meals it had, under its new
/// ID only; shelters count the same; no old ID is left in any file; snapshots were rewritten too; a second run does
/// nothing.
/// </summary>
public sealed class EvacueeIdMigrationTests
{
    private static readonly byte[] Key = SHA256.HashData(Encoding.ASCII.GetBytes("a test privacy key"));

    private static string Pseudonym(string old) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(old)));

    [Fact]
    public async Task An_old_journal_is_rewritten_to_pseudonyms_and_counts_the_same()
    {
        using var database = new TestDatabase();
        string[] old = [.. Enumerable.Range(1, 3).Select(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"certificate {i}")))), "card:0123456789abcdef"];
        var before = new Dictionary<string, EvacueeStatus>();
        ShelterStatus p, q;
        await using (var node = await TestNode.StartAsync(database.Options()))
        {
            var s = node.Scenario;
            await s.Open("P", "Q");
            var at = Scenario.Noon;
            foreach (var id in old)
            {
                await s.Tap(id, "Q", TapAction.CheckIn, at.AddMinutes(-50));
                await s.Tap(id, "P", TapAction.CheckIn, at.AddMinutes(-40));
                await s.Tap(id, "P", TapAction.Meal, at.AddMinutes(-30));
                await s.Tap(id, "P", TapAction.SupplyPickup, at.AddMinutes(-20));
                await s.Tap(id, "P", TapAction.Meal, at.AddHours(5));
            }
            await s.Tap(old[0], "P", TapAction.CheckOut, at.AddHours(6));
            p = await s.StatusWhen("P", x => x.Occupancy == 3 && x.SupplyPickups == 4);
            q = await s.Status("Q");
            foreach (var id in old)
            {
                before[id] = await s.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee(id), Scenario.Timeout);
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(database.SqlitePath)!;
        Assert.Contains(old[1], Text(Path.Combine(folder, "journal-snapshots.db")));

        var result = EvacueeIdMigration.Run(database.SqlitePath, Pseudonym, "check");
        Assert.Equal((4, false), (result.Evacuees, result.AlreadyDone));
        Assert.True(result.SnapshotRows > 0);
        foreach (var file in Directory.GetFiles(folder))
        {
            var text = Text(file);
            Assert.All(old, id => Assert.DoesNotContain(id, text));
        }
        Assert.Equal((true, "check"), (EvacueeIdMigration.Run(database.SqlitePath, Pseudonym, "other").AlreadyDone, "check"));

        await using (var node = await TestNode.StartAsync(database.Options()))
        {
            var s = node.Scenario;
            foreach (var id in old)
            {
                var after = await s.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee(Pseudonym(id)), Scenario.Timeout);
                Assert.Equal((before[id].CurrentShelterId, string.Join(",", before[id].MealsServed), before[id].RememberedTaps),
                    (after.CurrentShelterId, string.Join(",", after.MealsServed), after.RememberedTaps));
                Assert.Equal(0, (await s.Regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee(id), Scenario.Timeout)).RememberedTaps);
            }
            var again = await s.Status("P");
            Assert.Equal((p.Occupancy, p.Arrivals, p.Departures, p.SupplyPickups), (again.Occupancy, again.Arrivals, again.Departures, again.SupplyPickups));
            Assert.Equal(p.MealsByPeriod, again.MealsByPeriod);
            Assert.Equal(q.Occupancy, (await s.Status("Q")).Occupancy);
            Assert.Equal(Outcomes.CheckedOut, (await s.Tap(Pseudonym(old[1]), "P", TapAction.CheckOut, Scenario.Noon.AddHours(7))).Code);
            await s.StatusWhen("P", x => x.Occupancy == 2 && x.Departures == p.Departures + 1);
        }
    }

    private static string Text(string file) => Encoding.Latin1.GetString(File.ReadAllBytes(file));
}
