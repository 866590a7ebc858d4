using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>
/// Every type that is journaled, snapshotted or sent between nodes is bound to <see cref="ShelterSerializer"/> and
/// survives a round trip; nothing falls back to Akka's default serializer.
/// </summary>
public sealed class SerializerCoverageTests
{
    private static readonly Assembly[] Assemblies = [typeof(IEvacueeEvent).Assembly, typeof(IShelterMessage).Assembly];

    /// <summary>Concrete types under the serializer's markers: what the journal and remoting may be handed.</summary>
    public static TheoryData<Type> BoundConcreteTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes())
                     .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && SerializationHosting.BoundTypes.Any(b => b.IsAssignableFrom(t)))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BoundConcreteTypes))]
    public void Each_bound_type_has_a_manifest_and_round_trips(Type type)
    {
        using var system = SerializationSystem.Create("coverage");
        var value = Sample.Of(type);
        var serializer = Assert.IsType<ShelterSerializer>(system.Serialization.FindSerializerFor(value));
        var bytes = serializer.ToBinary(value);
        var back = serializer.FromBinary(bytes, serializer.Manifest(value));
        Assert.IsType(type, back);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(bytes), JsonNode.Parse(serializer.ToBinary(back))), System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>The relay's largest delivery, every ID at its longest, crosses between nodes: Akka.Remote's default frame is 128,000 bytes.</summary>
    [Fact]
    public void The_largest_relay_delivery_fits_a_remote_frame()
    {
        const int frame = 128_000;
        using var system = SerializationSystem.Create("frame");
        var id = new string('f', 64);
        var at = new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(14)).AddTicks(9_999);
        IFromEvacuee[] widest = [new OccupantArrived(id, true, id, at, long.MaxValue), new OccupantLeft(id, id, at, long.MaxValue),
            new MealCounted(id, "2026-12-31/breakfast", true, at, long.MaxValue), new SupplyPickupCounted(id, at, long.MaxValue)];
        var largest = widest.Select(e => new ApplyFromEvacuees(id, [.. Enumerable.Repeat(e, ApplyFromEvacuees.MaxEvents)]))
            .Max(message => system.Serialization.FindSerializerFor(message).ToBinary(message).Length);
        Assert.True(largest < frame / 2, $"{ApplyFromEvacuees.MaxEvents} events make {largest} bytes; the frame is {frame}");
    }

    [Fact]
    public void Every_type_with_a_manifest_is_bound_and_every_bound_type_has_one()
    {
        var bound = BoundConcreteTypes().Cast<object[]>().Select(row => (Type)row[0]).ToHashSet();
        Assert.Equal(bound.OrderBy(t => t.FullName), ShelterSerializer.ManifestTypes.OrderBy(t => t.FullName));
    }

    [Fact]
    public async Task A_node_writes_every_journal_and_snapshot_row_with_the_shelter_serializer()
    {
        using var database = new TestDatabase();
        await using (var node = await TestNode.StartAsync(database.Options()))
        {
            var scenario = node.Scenario;
            var regions = scenario.Regions;
            await scenario.Open("A", "B");
            await regions.Municipalities.Ask<MunicipalityShelters>(new ListShelter("wajima", "A"), Scenario.Timeout);
            await regions.Shelters.Ask<ShelterStatus>(new ReportSupplyStock("A", SupplyItem.Blankets, 10, 5), Scenario.Timeout);
            foreach (var evacuee in new[] { "e1", "e2", "e3" })
            {
                await scenario.Tap(evacuee, "A", TapAction.CheckIn);
                await scenario.Tap(evacuee, "A", TapAction.Meal);
                await scenario.Tap(evacuee, "A", TapAction.Meal); // refused
                await scenario.Tap(evacuee, "A", TapAction.SupplyPickup);
                await scenario.Tap(evacuee, "B", TapAction.CheckIn); // moved
            }
            await scenario.Tap("e1", "B", TapAction.CheckOut);
            await scenario.StatusWhen("B", s => s.Occupancy == 2 && s.Departures == 1); // the relay has written, and shelter A snapshotted
        }
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={database.SqlitePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var snapshots = new SqliteConnectionStringBuilder(Persistence.Sqlite.SqliteSnapshotFile.ConnectionStringFor($"Data Source={database.SqlitePath}")).DataSource;
        using (var attach = connection.CreateCommand())
        {
            attach.CommandText = $"ATTACH DATABASE '{snapshots}' AS snapshots";
            attach.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'journal', manifest, identifier, COUNT(*) FROM journal GROUP BY manifest, identifier
            UNION ALL SELECT 'snapshot', manifest, serializer_id, COUNT(*) FROM snapshots.snapshot GROUP BY manifest, serializer_id
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<(string Table, string Manifest, int Serializer)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
        Assert.Contains(rows, r => r.Table == "snapshot");
        Assert.True(rows.Count >= 10, string.Join(", ", rows));
        Assert.All(rows, r => Assert.True(r.Serializer == ShelterSerializer.Id, $"{r.Table} row {r.Manifest} written by serializer {r.Serializer}"));
    }

    /// <summary>A value of any message or event type, built from its widest constructor with sample arguments.</summary>
    private static class Sample
    {
        private static readonly DateTimeOffset At = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

        public static object Of(Type type)
        {
            if (type == typeof(string))
            {
                return "s-1";
            }
            if (type == typeof(int) || type == typeof(long))
            {
                return Convert.ChangeType(7, type, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (type == typeof(double))
            {
                return 37.39;
            }
            if (type == typeof(bool))
            {
                return true;
            }
            if (type == typeof(Guid))
            {
                return Guid.Parse("6c2893d8-50b7-484e-8a56-59d9d3b41a35");
            }
            if (type == typeof(DateTimeOffset))
            {
                return At;
            }
            if (type == typeof(DateOnly))
            {
                return DateOnly.FromDateTime(At.UtcDateTime);
            }
            if (type.IsEnum)
            {
                return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!;
            }
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                return Of(underlying);
            }
            if (type.IsArray)
            {
                var array = Array.CreateInstance(type.GetElementType()!, 1);
                array.SetValue(Of(type.GetElementType()!), 0);
                return array;
            }
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var dictionary = (IDictionary)Activator.CreateInstance(type)!;
                dictionary.Add(Of(type.GetGenericArguments()[0]), Of(type.GetGenericArguments()[1]));
                return dictionary;
            }
            if (type.IsInterface)
            {
                var implementation = Assemblies.SelectMany(a => a.GetTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal)
                    .First(t => t is { IsClass: true, IsAbstract: false } && type.IsAssignableFrom(t));
                return Of(implementation);
            }
            if (type.GetField("Instance", BindingFlags.Public | BindingFlags.Static) is { } instance)
            {
                return instance.GetValue(null)!;
            }
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return constructor.Invoke([.. constructor.GetParameters().Select(p => Of(p.ParameterType))]);
        }
    }
}
