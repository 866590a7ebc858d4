using System.Data.Common;
using System.Text.Json;
using Shelter.Storage;
using static Shelter.Storage.SqlDatabase;

namespace Shelter.Privacy;

/// <summary>
/// Registered people and their households, in the node's database: each person's record sealed under their own key
/// (<see cref="PersonKeyStore"/>), found by blind search terms, and every registration, reading and erasure written to
/// an audit table that holds no personal data. Erasing a person destroys their key and terms and empties their sealed
/// record; the row stays (household, municipality, stay), so counts do not change.
/// </summary>
public sealed class PeopleDirectory(SqlDatabase database, PersonKeyStore keys, BlindIndex index, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Person(string PersonId, string HouseholdId, string Municipality, string? ShelterId, string Stay, PersonRecord? Record,
        DateTimeOffset RegisteredAt, DateTimeOffset? ErasedAt);

    public async Task Initialize(CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var transaction = await database.BeginSchemaChange(connection, cancel);
        var blob = database.IsPostgres ? "BYTEA" : "BLOB";
        await Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS people (
              person_id TEXT PRIMARY KEY, household_id TEXT NOT NULL, municipality TEXT NOT NULL, shelter_id TEXT NULL, stay TEXT NOT NULL,
              sealed {blob} NULL, registered_at BIGINT NOT NULL, registered_by TEXT NOT NULL, erased_at BIGINT NULL)
            """, cancel, transaction);
        await Execute(connection, "CREATE INDEX IF NOT EXISTS people_household ON people (household_id)", cancel, transaction);
        await Execute(connection, $"CREATE TABLE IF NOT EXISTS people_audit (seq {database.AutoIncrementKey}, at BIGINT NOT NULL, by_token TEXT NOT NULL, person_id TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NULL)",
            cancel, transaction);
        await transaction.CommitAsync(cancel);
    }

    public async Task<Person> Register(string personId, string householdId, string municipality, string? shelterId, string stay, PersonRecord record, string by,
        CancellationToken cancel = default)
    {
        var at = clock.GetUtcNow();
        var key = await keys.Create(personId, at, cancel);
        await keys.SetTerms(personId, TermsOf(record), cancel);
        await using var connection = await database.Open(cancel);
        await using (var insert = Command(connection, """
            INSERT INTO people (person_id, household_id, municipality, shelter_id, stay, sealed, registered_at, registered_by)
            VALUES (@id, @household, @municipality, @shelter, @stay, @sealed, @at, @by)
            """, ("id", personId), ("household", householdId), ("municipality", municipality), ("shelter", shelterId), ("stay", stay),
            ("sealed", SealedBox.Seal(key, personId, JsonSerializer.SerializeToUtf8Bytes(record, Json))), ("at", Ms(at)), ("by", by)))
        {
            await insert.ExecuteNonQueryAsync(cancel);
        }
        await Audit(connection, by, personId, "registered", string.Join(",", record.Consent), cancel);
        return new Person(personId, householdId, municipality, shelterId, stay, record, at, null);
    }

    /// <summary>The person, opened; <see cref="Person.Record"/> is null once erased. Reading is audited.</summary>
    public async Task<Person?> Find(string personId, string by, CancellationToken cancel = default)
    {
        if ((await Query("WHERE person_id = @id", cancel, ("id", personId))).FirstOrDefault() is not { } found)
        {
            return null;
        }
        await using var connection = await database.Open(cancel);
        await Audit(connection, by, personId, "read", null, cancel);
        return await Open(found, cancel);
    }

    public async Task<IReadOnlyList<Person>> Household(string householdId, CancellationToken cancel = default) =>
        await OpenAll(await Query("WHERE household_id = @household ORDER BY registered_at, person_id", cancel, ("household", householdId)), cancel);

    /// <summary>People whose folded name (or furigana) and birth date match, at most <paramref name="limit"/>; the search is audited.</summary>
    public async Task<IReadOnlyList<Person>> Search(string name, DateOnly birthDate, int limit, string by, CancellationToken cancel = default)
    {
        var ids = await keys.Search(index.Of(name, birthDate), limit, cancel);
        var found = new List<Row>();
        foreach (var id in ids)
        {
            found.AddRange(await Query("WHERE person_id = @id", cancel, ("id", id)));
        }
        await using var connection = await database.Open(cancel);
        await Audit(connection, by, "-", "searched", $"{found.Count} found", cancel);
        return await OpenAll(found, cancel);
    }

    /// <summary>Erases the person: their key and search terms are destroyed and their sealed record emptied. False when unknown.</summary>
    public async Task<bool> Erase(string personId, string by, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using (var update = Command(connection, "UPDATE people SET sealed = NULL, erased_at = @at WHERE person_id = @id",
            ("id", personId), ("at", Ms(clock.GetUtcNow()))))
        {
            if (await update.ExecuteNonQueryAsync(cancel) == 0)
            {
                return false;
            }
        }
        await keys.Erase([personId], cancel);
        await Audit(connection, by, personId, "erased", null, cancel);
        return true;
    }

    /// <summary>
    /// Erases, in one act, every person of <paramref name="municipality"/> registered before <paramref name="before"/>
    /// and not erased yet (a closed disaster's people): their keys and terms are destroyed together, with one
    /// compaction of the key store. Returns how many were erased.
    /// </summary>
    public async Task<int> EraseRegisteredBefore(string municipality, DateTimeOffset before, string by, CancellationToken cancel = default)
    {
        var ids = new List<string>();
        await using var connection = await database.Open(cancel);
        await using (var query = Command(connection, "SELECT person_id FROM people WHERE municipality = @m AND registered_at < @before AND erased_at IS NULL",
            ("m", municipality), ("before", Ms(before))))
        await using (var reader = await query.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                ids.Add(reader.GetString(0));
            }
        }
        if (ids.Count == 0)
        {
            return 0;
        }
        var at = Ms(clock.GetUtcNow());
        await using (var transaction = await connection.BeginTransactionAsync(cancel))
        {
            foreach (var id in ids)
            {
                await using var update = Command(connection, "UPDATE people SET sealed = NULL, erased_at = @at WHERE person_id = @id", ("id", id), ("at", at));
                update.Transaction = transaction;
                await update.ExecuteNonQueryAsync(cancel);
            }
            await transaction.CommitAsync(cancel);
        }
        await keys.Erase(ids, cancel);
        foreach (var id in ids)
        {
            await Audit(connection, by, id, "erased", "retention", cancel);
        }
        return ids.Count;
    }

    /// <summary>
    /// How many people a municipality registered, by where they stay (erased people still count: counts never change
    /// on erasure), and how many of those not erased have each special need (read from their sealed records).
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, int> ByStay, IReadOnlyDictionary<string, int> ByNeed)> Counts(string municipality, CancellationToken cancel = default)
    {
        var byStay = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using (var connection = await database.Open(cancel))
        await using (var query = Command(connection, "SELECT stay, COUNT(*) FROM people WHERE municipality = @m GROUP BY stay", ("m", municipality)))
        await using (var reader = await query.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                byStay[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        var byNeed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var person in await OpenAll(await Query("WHERE municipality = @m AND erased_at IS NULL", cancel, ("m", municipality)), cancel))
        {
            foreach (var code in (person.Record?.Needs ?? []).Select(n => n.Code).Distinct(StringComparer.Ordinal))
            {
                byNeed[code] = byNeed.GetValueOrDefault(code) + 1;
            }
        }
        return (byStay, byNeed);
    }

    /// <summary>Writes an audit row for something done about a person (or <c>-</c> for no one yet); <paramref name="detail"/> holds no personal data.</summary>
    public async Task Note(string by, string personId, string action, string? detail, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await Audit(connection, by, personId, action, detail, cancel);
    }

    public async Task<IReadOnlyList<(DateTimeOffset At, string By, string PersonId, string Action, string? Detail)>> AuditTrail(string personId, CancellationToken cancel = default)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection, "SELECT at, by_token, person_id, action, detail FROM people_audit WHERE person_id = @id ORDER BY seq", ("id", personId));
        await using var reader = await query.ExecuteReaderAsync(cancel);
        var trail = new List<(DateTimeOffset, string, string, string, string?)>();
        while (await reader.ReadAsync(cancel))
        {
            trail.Add((Time(reader, 0)!.Value, reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(reader, 4)));
        }
        return trail;
    }

    private IReadOnlyCollection<string> TermsOf(PersonRecord record) => record.BirthDate is not { } born
        ? []
        : new[] { record.Name, record.Furigana }.OfType<string>().Where(NameFolding.IsSearchable).Select(n => index.Of(n, born)).ToArray();

    /// <summary>A row as stored: the person without their record, and the record still sealed.</summary>
    private sealed record Row(Person Person, byte[]? Sealed);

    private async Task<IReadOnlyList<Person>> OpenAll(IReadOnlyList<Row> rows, CancellationToken cancel)
    {
        var opened = new List<Person>(rows.Count);
        foreach (var row in rows)
        {
            opened.Add(await Open(row, cancel));
        }
        return opened;
    }

    private async Task<Person> Open(Row row, CancellationToken cancel)
    {
        if (row.Sealed is not { } sealedBytes || await keys.Find(row.Person.PersonId, cancel) is not { } key)
        {
            return row.Person;
        }
        var plain = SealedBox.Open(key, row.Person.PersonId, sealedBytes);
        return row.Person with { Record = plain is null ? null : JsonSerializer.Deserialize<PersonRecord>(plain, Json) };
    }

    private async Task<IReadOnlyList<Row>> Query(string where, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.Open(cancel);
        await using var query = Command(connection,
            $"SELECT person_id, household_id, municipality, shelter_id, stay, sealed, registered_at, erased_at FROM people {where}", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancel);
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancel))
        {
            rows.Add(new Row(new Person(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), reader.GetString(4), null,
                Time(reader, 6)!.Value, Time(reader, 7)), reader.IsDBNull(5) ? null : (byte[])reader[5]));
        }
        return rows;
    }

    private async Task Audit(DbConnection connection, string by, string personId, string action, string? detail, CancellationToken cancel)
    {
        await using var insert = Command(connection, "INSERT INTO people_audit (at, by_token, person_id, action, detail) VALUES (@at, @by, @id, @action, @detail)",
            ("at", Ms(clock.GetUtcNow())), ("by", by), ("id", personId), ("action", action), ("detail", detail));
        await insert.ExecuteNonQueryAsync(cancel);
    }
}
