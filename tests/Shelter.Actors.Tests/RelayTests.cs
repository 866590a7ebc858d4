using Microsoft.Data.Sqlite;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

public sealed class RelayTests
{
    [Fact]
    public async Task The_relay_stores_an_offset_only_for_batches_that_carried_evacuee_events()
    {
        using var database = new TestDatabase();
        await using (var node = await TestNode.StartAsync(database.Options()))
        {
            await node.Scenario.Open("A");
            for (var i = 1; i <= 10; i++)
            {
                await node.Scenario.Tap($"e{i}", "A", TapAction.CheckIn);
                await node.Scenario.StatusWhen("A", s => s.Occupancy == i);
            }
            // Between taps the relay read back its own offset rows and the shelter's rows many times; an idle relay
            // that stored an offset for those would have written more rows than there were evacuee events.
            await node.Scenario.Tap("e1", "A", TapAction.CheckOut);
            await node.Scenario.StatusWhen("A", s => s.Occupancy == 9);
        }
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={database.SqlitePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Count(string where)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM journal WHERE " + where;
            return (long)command.ExecuteScalar()!;
        }
        var evacueeEvents = Count("persistence_id LIKE 'evacuee-%'");
        var relayRows = Count($"persistence_id = '{SystemPersistenceIds.Relay}'");
        Assert.Equal(11, evacueeEvents);
        // One row per batch that carried evacuee events, and the one that took over the offset of the relay's former ID.
        Assert.InRange(relayRows, 2, evacueeEvents + 1);
    }

    [Fact]
    public async Task A_shelter_called_relay_is_only_a_shelter()
    {
        using var database = new TestDatabase();
        using var node = TestNode.Start(database);
        await node.Scenario.Open("relay", "A");
        await node.Scenario.Tap("e1", "relay", TapAction.CheckIn);
        await node.Scenario.Tap("e2", "A", TapAction.CheckIn);
        await node.Scenario.StatusWhen("relay", s => s.Occupancy == 1);
        await node.Scenario.StatusWhen("A", s => s.Occupancy == 1);
        await node.Scenario.Tap("e1", "A", TapAction.CheckIn); // moves: both shelters change, so the relay kept running
        await node.Scenario.StatusWhen("relay", s => s.Occupancy == 0 && s.Departures == 1);
        await node.Scenario.StatusWhen("A", s => s.Occupancy == 2);
    }

    [Fact]
    public async Task A_failed_offset_write_stops_the_relay_and_it_comes_back_by_itself()
    {
        using var database = new TestDatabase();
        await using var node = await TestNode.StartAsync(database.Options(), verifySerialization: false);
        await node.Scenario.Open("A");
        await node.Scenario.Tap("e1", "A", TapAction.CheckIn);
        await node.Scenario.StatusWhen("A", s => s.Occupancy == 1);

        // Another writer takes the relay's next sequence number behind its back (with a copy of its last row, so the
        // relay can still recover): its next offset write fails, and a persistent actor whose write fails stops.
        using (var connection = new SqliteConnection($"Data Source={database.SqlitePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
                SELECT created, deleted, persistence_id, sequence_number + 1, message, manifest, identifier, 'test'
                FROM journal WHERE persistence_id = $id ORDER BY sequence_number DESC LIMIT 1
                """;
            command.Parameters.AddWithValue("$id", SystemPersistenceIds.Relay);
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        // The relay delivers e2 before it stores the offset, so e2 arrives; only a relay that came back delivers e3.
        await node.Scenario.Tap("e2", "A", TapAction.CheckIn);
        await node.Scenario.StatusWhen("A", s => s.Occupancy == 2);
        await node.Scenario.Tap("e3", "A", TapAction.CheckIn);
        await node.Scenario.StatusWhen("A", s => s.Occupancy == 3);
    }
}
