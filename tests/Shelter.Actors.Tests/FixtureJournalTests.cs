using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Microsoft.Data.Sqlite;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>
/// A journal written by an earlier Shelter (Fixtures/journal-0d6cbc4) recovers to exactly the state that version
/// answered, and every stored row keeps its meaning under its stored manifest.
/// </summary>
public sealed class FixtureJournalTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-0d6cbc4");

    /// <summary>The options the fixture's generator wrote <c>expected-state.json</c> with.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private static JsonObject Expected() => JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected-state.json")))!.AsObject();

    private static TestDatabase FixtureCopy()
    {
        var database = new TestDatabase();
        File.Copy(Path.Combine(FixtureDirectory, "journal.db"), database.SqlitePath);
        return database;
    }

    private static void AssertSame(JsonNode? expected, object actual, string what)
    {
        var actualNode = JsonSerializer.SerializeToNode(actual, Json);
        Assert.True(JsonNode.DeepEquals(expected, actualNode), $"{what}:\nexpected {expected?.ToJsonString()}\nactual   {actualNode?.ToJsonString()}");
    }

    [Fact]
    public async Task Entities_and_the_dashboard_recover_to_the_state_the_old_code_answered()
    {
        using var database = FixtureCopy();
        using var node = TestNode.Start(database);
        var regions = node.Scenario.Regions;
        var expected = Expected();
        var timeout = Scenario.Timeout;

        foreach (var evacuee in expected["evacuees"]!.AsArray())
        {
            var id = evacuee!["evacueeId"]!.GetValue<string>();
            // What the old code answered, the new answers too (it may say more: fields added since, such as superseded moves).
            var status = JsonSerializer.SerializeToNode(await regions.Evacuees.Ask<EvacueeStatus>(new GetEvacuee(id), timeout), Json);
            Assert.True(Keeps(evacuee, status), $"evacuee {id}:\nexpected {evacuee.ToJsonString()}\nactual   {status?.ToJsonString()}");
        }
        foreach (var shelter in expected["shelters"]!.AsArray())
        {
            var id = shelter!["info"]!["id"]!.GetValue<string>();
            // Fields added since (a shelter's tap policy, its certificate-only count) come back with their defaults.
            var status = JsonSerializer.SerializeToNode(await regions.Shelters.Ask<ShelterStatus>(new GetShelterStatus(id), timeout), Json);
            Assert.True(Keeps(shelter, status), $"shelter {id}:\nexpected {shelter.ToJsonString()}\nactual   {status?.ToJsonString()}");
            Assert.Equal((false, 0L), (status!["info"]!["allowCertificateOnly"]!.GetValue<bool>(), status["certificateOnlyTaps"]!.GetValue<long>()));
        }
        // The fixture's reader registrations ("readers" in expected-state.json) are not recovered: reader tokens moved to
        // the access store, and readers registered before it get new tokens (docs/operations.md, upgrading).
        string[] municipalities = ["wajima", "suzu", "noto"];
        var expectedMunicipalities = expected["municipalities"]!.AsArray();
        for (var i = 0; i < municipalities.Length; i++)
        {
            AssertSame(expectedMunicipalities[i], await regions.Municipalities.Ask<MunicipalityShelters>(new GetMunicipalityShelters(municipalities[i]), timeout),
                municipalities[i]);
        }

        // Versions are the projection's own counter, renumbered at every start; figures and offset are the state.
        var dashboard = await regions.Dashboard.Ask<DashboardAnswer>(new GetDashboard(0), timeout);
        var expectedDashboard = expected["dashboard"]!;
        Assert.Equal(expectedDashboard["offset"]!.GetValue<long>(), dashboard.Offset);
        var expectedFigures = new JsonArray([.. expectedDashboard["shelters"]!.AsArray().Select(s => WithoutOccupants(s!["figures"]!))
            .OrderBy(f => f["info"]!["id"]!.GetValue<string>(), StringComparer.Ordinal)]);
        var figures = JsonSerializer.SerializeToNode(dashboard.Shelters.Select(s => s.Figures).OrderBy(f => f.Info!.Id, StringComparer.Ordinal).ToArray(), Json);
        Assert.True(Keeps(expectedFigures, figures), $"dashboard:\nexpected {expectedFigures.ToJsonString()}\nactual   {figures?.ToJsonString()}");

        // The fixture kept its snapshots in the journal's file; they moved to their own file, and were recovered from there.
        var snapshotFile = new SqliteConnectionStringBuilder(Persistence.Sqlite.SqliteSnapshotFile.ConnectionStringFor($"Data Source={database.SqlitePath}")).DataSource;
        Assert.Equal(0L, Scalar(database.SqlitePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'snapshot'"));
        Assert.True(Scalar(snapshotFile, "SELECT COUNT(*) FROM snapshot") >= 4);
    }

    /// <summary>The old code's dashboard figures (a shelter state with its occupants) as the figures answered now: counts only.</summary>
    private static JsonNode WithoutOccupants(JsonNode figures)
    {
        var state = figures["state"]!;
        var occupants = state["occupants"]!.AsArray();
        return new JsonObject
        {
            ["info"] = state["info"]!.DeepClone(),
            ["openedAt"] = figures["openedAt"]!.DeepClone(),
            ["occupancy"] = occupants.Count,
            ["provisionalOccupants"] = occupants.Count(o => o!["provisional"]!.GetValue<bool>()),
            ["arrivals"] = state["arrivals"]!.DeepClone(),
            ["departures"] = state["departures"]!.DeepClone(),
            ["supplyPickups"] = state["supplyPickups"]!.DeepClone(),
            ["lastSourceOffset"] = state["lastSourceOffset"]!.DeepClone(),
            ["mealsByPeriod"] = state["mealsByPeriod"]!.DeepClone(),
            ["stock"] = state["stock"]?.DeepClone() ?? new JsonObject(),
            ["trend"] = figures["trend"]!.DeepClone(),
            ["state"] = null,
        };
    }

    private static long Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The fixture's shelter rows carry no tally, so the projection counts them from their events; the batches written
    /// after the upgrade carry one, and the figures go on exactly, live and replayed from scratch.
    /// </summary>
    [Fact]
    public async Task Batches_with_tallies_go_on_exactly_from_the_old_batches_without_them()
    {
        using var database = FixtureCopy();
        using var node = TestNode.Start(database);
        var scenario = node.Scenario;
        var before = await scenario.Status("A");
        var after = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero); // after every tap of the fixture
        Assert.Equal(Outcomes.CheckedIn, (await scenario.Tap("after-upgrade", "A", TapAction.CheckIn, after)).Code);
        Assert.Equal(Outcomes.CheckedOut, (await scenario.Tap("e01", "A", TapAction.CheckOut, after)).Code);
        Assert.Equal(Outcomes.Moved, (await scenario.Tap("e06", "B", TapAction.CheckIn, after)).Code);
        var a = await scenario.StatusWhen("A", s => s.Departures == before.Departures + 2);
        var b = await scenario.StatusWhen("B", s => s.LastSourceOffset > before.LastSourceOffset);
        Assert.Equal(before.Occupancy - 1, a.Occupancy);

        var deadline = DateTime.UtcNow + Scenario.Timeout;
        DashboardAnswer live;
        while (!DashboardProjectionTests.Matches(live = await scenario.Regions.Dashboard.Ask<DashboardAnswer>(new GetDashboard(0), Scenario.Timeout), "A", a)
               || !DashboardProjectionTests.Matches(live, "B", b))
        {
            Assert.True(DateTime.UtcNow < deadline, "the projection never caught up with shelters A and B");
            await Task.Delay(50);
        }
        var replay = await scenario.Regions.Dashboard.Ask<DashboardAnswer>(new ReplayDashboardFromScratch(), Scenario.Timeout);
        Assert.True(DashboardProjectionTests.Matches(replay, "A", a), "replay of A differs from the entity");
        Assert.True(DashboardProjectionTests.Matches(replay, "B", b), "replay of B differs from the entity");
    }

    [Fact]
    public async Task Every_tap_sent_again_gets_its_first_answer_as_a_duplicate()
    {
        using var database = FixtureCopy();
        using var node = TestNode.Start(database);
        var expected = Expected();
        var taps = expected["taps"]!.AsArray();
        var outcomes = expected["outcomes"]!.AsArray();
        for (var i = 0; i < taps.Count; i++)
        {
            var evacuee = taps[i]!["evacuee"]!.GetValue<string>();
            var tap = taps[i]!["tap"].Deserialize<Tap>(Json)!;
            var first = outcomes[i].Deserialize<TapOutcome>(Json)!;
            var again = await node.Scenario.Send(evacuee, tap);
            Assert.Equal(TapStatus.Duplicate, again.Status);
            Assert.Equal(first.FirstStatus ?? first.Status, again.FirstStatus);
            Assert.Equal((first.Code, first.Message, first.EvacueeId), (again.Code, again.Message, again.EvacueeId));
        }
    }

    [Fact]
    public async Task The_relay_and_the_projection_take_over_their_progress_from_their_former_persistence_ids()
    {
        using var database = FixtureCopy();
        using var reading = SerializationSystem.Create("fixture-read");
        var legacyOffset = ((RelayOffsetStored)LastEvent(reading, database.SqlitePath, SystemPersistenceIds.LegacyRelay)!).Offset;
        Assert.True(legacyOffset > 0);
        using (TestNode.Start(database))
        {
            var deadline = DateTime.UtcNow + Scenario.Timeout;
            while (LastEvent(reading, database.SqlitePath, SystemPersistenceIds.Relay) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the relay never stored its offset under its own ID");
                await Task.Delay(50);
            }
        }
        Assert.Equal(legacyOffset, ((RelayOffsetStored)LastEvent(reading, database.SqlitePath, SystemPersistenceIds.Relay)!).Offset);

        // Started again, both recover from their own IDs: the projection from its own snapshot, the same figures.
        using var again = TestNode.Start(database);
        var dashboard = await again.Scenario.Regions.Dashboard.Ask<DashboardAnswer>(new GetDashboard(0), Scenario.Timeout);
        Assert.Equal(Expected()["dashboard"]!["offset"]!.GetValue<long>(), dashboard.Offset);
        Assert.Equal(3, dashboard.Shelters.Length);
        Assert.Equal(legacyOffset, ((RelayOffsetStored)LastEvent(reading, database.SqlitePath, SystemPersistenceIds.Relay)!).Offset);
    }

    /// <summary>The last journal event of a persistence ID, read with the node's serializer; null when it has none.</summary>
    private static object? LastEvent(ActorSystem system, string file, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message, identifier, manifest FROM journal WHERE persistence_id = $id ORDER BY sequence_number DESC LIMIT 1";
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? system.Serialization.Deserialize((byte[])reader.GetValue(0), reader.GetInt32(1), reader.GetString(2)) : null;
    }

    /// <summary>
    /// Whether <paramref name="again"/> says everything <paramref name="stored"/> says: the same values at the same places.
    /// It may say more: properties added since the row was written (such as a batch's tally) come back with their defaults.
    /// </summary>
    private static bool Keeps(JsonNode? stored, JsonNode? again) => (stored, again) switch
    {
        (JsonObject s, JsonObject a) => s.All(p => a.ContainsKey(p.Key) && Keeps(p.Value, a[p.Key])),
        (JsonArray s, JsonArray a) => s.Count == a.Count && s.Zip(a, Keeps).All(kept => kept),
        _ => JsonNode.DeepEquals(stored, again),
    };

    [Fact]
    public void Every_stored_row_reads_back_under_its_manifest_and_keeps_what_it_said()
    {
        using var system = SerializationSystem.Create("fixture");
        var serialization = system.Serialization;
        using var connection = new SqliteConnection($"Data Source={Path.Combine(FixtureDirectory, "journal.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var rows = 0;
        foreach (var query in new[] { "SELECT message, manifest, identifier FROM journal", "SELECT snapshot, manifest, serializer_id FROM snapshot" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = query;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                var payload = (byte[])reader.GetValue(0);
                var manifest = reader.GetString(1);
                var value = serialization.Deserialize(payload, reader.GetInt32(2), manifest);
                var serializer = Assert.IsAssignableFrom<SerializerWithStringManifest>(serialization.FindSerializerFor(value));
                Assert.Equal(reader.GetInt32(2), serializer.Identifier);
                Assert.Equal(manifest, serializer.Manifest(value));
                Assert.True(Keeps(JsonNode.Parse(payload), JsonNode.Parse(serializer.ToBinary(value))), $"{manifest}: {System.Text.Encoding.UTF8.GetString(payload)}");
            }
        }
        Assert.True(rows > 300, $"only {rows} rows in the fixture");
    }
}
