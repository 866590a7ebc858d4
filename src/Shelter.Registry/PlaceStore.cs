using System.Data.Common;
using System.Globalization;
using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Registry;

/// <summary>
/// The registry's places in the node's database. An import is written in one transaction, so a failure leaves the
/// registry as it was. The shelter entity is the truth of whether a shelter is open; the 開設/閉鎖 times here follow
/// it for listing, written after the entity has recorded the act.
/// </summary>
public sealed class PlaceStore(SqlDatabase database)
{
    public const int MaxPage = 1_000;

    private const string Columns = "id, municipality, municipality_name, name, address, latitude, longitude, capacity, designated_shelter, emergency_site, welfare, hazards, external_ids, note, opened_at, closed_at";

    private static readonly IReadOnlySet<string> Numbers = new HashSet<string> { "capacity", "opened", "closed", "lat", "lon" };

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await database.BeginSchemaChange(connection, cancel);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS registry_places (
              id TEXT PRIMARY KEY, municipality TEXT NOT NULL, municipality_name TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL,
              latitude DOUBLE PRECISION NULL, longitude DOUBLE PRECISION NULL, capacity INTEGER NULL,
              designated_shelter INTEGER NOT NULL, emergency_site INTEGER NOT NULL, welfare INTEGER NOT NULL,
              hazards TEXT NOT NULL, external_ids TEXT NOT NULL, note TEXT NOT NULL, opened_at BIGINT NULL, closed_at BIGINT NULL)
            """, cancel, transaction);
        await Execute(connection, "CREATE INDEX IF NOT EXISTS registry_places_municipality ON registry_places (municipality, id)", cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    /// <summary>Every place of these municipalities (all of them when null): what an import merges into.</summary>
    public async Task<IReadOnlyList<RegistryPlace>> Of(IReadOnlyCollection<string>? municipalities, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        if (municipalities is null)
        {
            return await Read(connection, $"SELECT {Columns} FROM registry_places ORDER BY id", cancel);
        }
        var places = new List<RegistryPlace>();
        foreach (var municipality in municipalities)
        {
            places.AddRange(await Read(connection, $"SELECT {Columns} FROM registry_places WHERE municipality = @m ORDER BY id", cancel, ("m", municipality)));
        }
        return places;
    }

    /// <summary>Every place ID, of every municipality.</summary>
    public async Task<IReadOnlySet<string>> Ids(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var command = SqlDatabase.Command(connection, "SELECT id FROM registry_places");
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancel))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>A page of places in ID order after <paramref name="after"/>, of one municipality or all.</summary>
    public async Task<IReadOnlyList<RegistryPlace>> Page(string? municipality, string? after, int limit, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        return await Read(connection,
            $"SELECT {Columns} FROM registry_places WHERE (@m IS NULL OR municipality = @m) AND (@after IS NULL OR id > @after) ORDER BY id LIMIT {Math.Clamp(limit, 1, MaxPage)}",
            cancel, ("m", municipality), ("after", after));
    }

    public async Task<RegistryPlace?> Find(string id, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        return (await Read(connection, $"SELECT {Columns} FROM registry_places WHERE id = @id", cancel, ("id", id))).FirstOrDefault();
    }

    public async Task<int> Count(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var command = SqlDatabase.Command(connection, "SELECT COUNT(*) FROM registry_places");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancel), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes every place in one transaction; <paramref name="progress"/> hears how many are written so far.</summary>
    public async Task Write(IReadOnlyList<RegistryPlace> places, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await using var command = Command(connection, $"""
            INSERT INTO registry_places ({Columns}) VALUES (@id, @m, @mname, @name, @address, @lat, @lon, @capacity, @shelter, @site, @welfare, @hazards, @external, @note, @opened, @closed)
            ON CONFLICT (id) DO UPDATE SET municipality = excluded.municipality, municipality_name = excluded.municipality_name, name = excluded.name,
              address = excluded.address, latitude = excluded.latitude, longitude = excluded.longitude, capacity = excluded.capacity,
              designated_shelter = excluded.designated_shelter, emergency_site = excluded.emergency_site, welfare = excluded.welfare,
              hazards = excluded.hazards, external_ids = excluded.external_ids, note = excluded.note
            """, ("id", ""), ("m", ""), ("mname", ""), ("name", ""), ("address", ""), ("lat", 0.0), ("lon", 0.0), ("capacity", 0), ("shelter", 0), ("site", 0),
            ("welfare", 0), ("hazards", ""), ("external", ""), ("note", ""), ("opened", null), ("closed", null));
        command.Transaction = transaction;
        for (var i = 0; i < places.Count; i++)
        {
            var p = places[i];
            object?[] values = [p.Id, p.Municipality, p.MunicipalityName, p.Name, p.Address, p.Latitude, p.Longitude, p.Capacity, p.DesignatedShelter ? 1 : 0,
                p.EmergencySite ? 1 : 0, p.Welfare ? 1 : 0, string.Join(',', p.Hazards), string.Join('\n', p.ExternalIds), p.Note, Ms(p.OpenedAt), Ms(p.ClosedAt)];
            for (var v = 0; v < values.Length; v++)
            {
                command.Parameters[v].Value = values[v] ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(cancel);
            if ((i + 1) % 5_000 == 0)
            {
                progress?.Report(i + 1);
            }
        }
        await transaction.CommitAsync(cancel);
        progress?.Report(places.Count);
    }

    /// <summary>Records a 開設 (<paramref name="opened"/>) or a 閉鎖 at its time; false when there is no such place.</summary>
    public async Task<bool> Record(string id, DateTimeOffset at, bool opened, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        var column = opened ? "opened_at" : "closed_at";
        await using var command = Command(connection, $"UPDATE registry_places SET {column} = @at WHERE id = @id", ("id", id), ("at", Ms(at)));
        return await command.ExecuteNonQueryAsync(cancel) == 1;
    }

    public async Task<bool> SetCapacity(string id, int capacity, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var command = Command(connection, "UPDATE registry_places SET capacity = @capacity WHERE id = @id", ("id", id), ("capacity", capacity));
        return await command.ExecuteNonQueryAsync(cancel) == 1;
    }

    private static async Task<IReadOnlyList<RegistryPlace>> Read(DbConnection connection, string sql, CancellationToken cancel, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var places = new List<RegistryPlace>();
        while (await reader.ReadAsync(cancel))
        {
            places.Add(new RegistryPlace(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.IsDBNull(7) ? null : Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
                Flag(reader, 8), Flag(reader, 9), Flag(reader, 10), Split(reader.GetString(11), ','), Split(reader.GetString(12), '\n'), reader.GetString(13),
                Time(reader, 14), Time(reader, 15)));
        }
        return places;
    }

    private static bool Flag(DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture) != 0;

    private static string[] Split(string text, char separator) => text.Length == 0 ? [] : text.Split(separator);

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        SqlDatabase.Command(connection, sql, Numbers, parameters);
}
