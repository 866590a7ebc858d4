using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Privacy;
using Shelter.Host.Security;
using Shelter.Privacy;

namespace Shelter.Host.Api;

/// <summary>
/// People at the desk: registering a person with the items they consent to, reading and searching them within the
/// token's scope, their household, and erasure. Every reading, search and erasure is audited (docs/privacy.md).
/// </summary>
public static class PeopleEndpoints
{
    public const int MaxText = 200;
    public const int MaxFound = 20;

    public static void MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("people").RequireAuthorization(AccessPolicies.Desk);
        api.MapPost("/people", Register).WithName("RegisterPerson")
            .Produces<PersonView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/people", Search).WithName("SearchPeople")
            .Produces<PeopleFound>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/people/{personId}", Get).WithName("GetPerson")
            .Produces<PersonView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        api.MapGet("/households/{householdId}", Household).WithName("GetHousehold")
            .Produces<HouseholdView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/people/{personId}", Erase).WithName("ErasePerson")
            .Produces<PersonView>().ProducesProblem(StatusCodes.Status404NotFound);
        // Counts only, no person: officers who see the dashboard may see them.
        app.MapGet("/api/v1/municipalities/{municipality}/people-counts", Counts).WithName("CountPeople").WithTags("people")
            .RequireAuthorization(AccessPolicies.Viewer)
            .Produces<PeopleCountsView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Register(RegisterPersonRequest? request, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people,
        IOptions<PeopleOptions> options)
    {
        if (request is null)
        {
            return Problems.Invalid("missing-body", "Send {\"municipality\",\"stay\",\"consent\":[items],…the items} as JSON.");
        }
        if (!Identifiers.IsValid(request.Municipality) || (request.ShelterId is { } s && !Identifiers.IsValid(s)))
        {
            return Problems.Invalid("invalid-place", $"municipality (and shelterId, if given) must be {Identifiers.Rule}.");
        }
        if (!await places.Allows(user, new Place(request.ShelterId, request.Municipality!)))
        {
            return AccessProblems.OutOfScope;
        }
        if (request.Stay is not { } stay || !Stays.All.Contains(stay))
        {
            return Problems.Invalid("invalid-stay", $"stay must be one of {string.Join(", ", Stays.All)}.");
        }
        if (request.HouseholdId is { } household && !IsHouseholdId(household))
        {
            return Problems.Invalid("invalid-household-id", "A household ID is 'h-' and 32 hex digits, as registration gave it.");
        }
        if (Record(request, options.Value) is not { } record)
        {
            return Invalid(request, options.Value);
        }
        var person = await people.Register(PersonIds.New(), request.HouseholdId ?? "h-" + Guid.NewGuid().ToString("N"), request.Municipality!, request.ShelterId, stay,
            record, user.TokenIdOf());
        return Results.Created($"/api/v1/people/{person.PersonId}", View(person));
    }

    private static async Task<IResult> Counts(string municipality, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people)
    {
        if (await places.Municipality(user, municipality) is { } refusal)
        {
            return refusal;
        }
        var (byStay, byNeed) = await people.Counts(municipality);
        return Results.Ok(new PeopleCountsView(municipality, byStay.Values.Sum(), byStay, byNeed));
    }

    private static async Task<IResult> Get(string personId, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people)
    {
        if (!PersonIds.IsPerson(personId))
        {
            return PeopleEndpoints.InvalidPersonId();
        }
        if (await places.Person(user, people, personId) is not { } person)
        {
            return Unknown();
        }
        return person.ErasedAt is null ? Results.Ok(View(person)) : Problems.Of(StatusCodes.Status410Gone, "erased", "This person's record was erased.");
    }

    private static async Task<IResult> Search(string? name, string? birthDate, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people)
    {
        if (name is null || name.Length > MaxText || !NameFolding.IsSearchable(name) || !TryDate(birthDate, out var born))
        {
            return Problems.Invalid("invalid-search", "Search with name= (the name or its furigana, as the person writes it) and birthDate=YYYY-MM-DD.");
        }
        var found = new List<PersonView>();
        foreach (var person in await people.Search(name, born, MaxFound, user.TokenIdOf()))
        {
            if (person.ErasedAt is null && await places.Allows(user, person))
            {
                found.Add(View(person));
            }
        }
        return Results.Ok(new PeopleFound([.. found]));
    }

    private static async Task<IResult> Household(string householdId, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people)
    {
        if (!IsHouseholdId(householdId))
        {
            return Problems.Invalid("invalid-household-id", "A household ID is 'h-' and 32 hex digits.");
        }
        var members = new List<PersonView>();
        foreach (var person in await people.Household(householdId))
        {
            if (person.ErasedAt is null && await places.Allows(user, person))
            {
                members.Add(View(person));
            }
        }
        return members.Count == 0
            ? Problems.Of(StatusCodes.Status404NotFound, "unknown-household", "No household with this ID is on record in your scope.")
            : Results.Ok(new HouseholdView(householdId, [.. members]));
    }

    private static async Task<IResult> Erase(string personId, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people)
    {
        if (!PersonIds.IsPerson(personId))
        {
            return PeopleEndpoints.InvalidPersonId();
        }
        if (await places.Person(user, people, personId) is not { } person)
        {
            return Unknown();
        }
        await people.Erase(personId, user.TokenIdOf());
        return Results.Ok(View((await people.Find(personId, user.TokenIdOf()))!));
    }

    internal static IResult InvalidPersonId() => Problems.Invalid("invalid-person-id", "A person's ID is 'p-' and 32 hex digits.");

    private static IResult Unknown() => Problems.Of(StatusCodes.Status404NotFound, "unknown-person", "No person with this ID is on record in your scope.");

    private static bool IsHouseholdId(string id) => id.Length == 34 && id.StartsWith("h-", StringComparison.Ordinal) && id[2..].All(char.IsAsciiHexDigitLower);

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The record to seal, or null when something is off (<see cref="Invalid"/> says what).</summary>
    private static PersonRecord? Record(RegisterPersonRequest r, PeopleOptions options)
    {
        DateOnly? born = null;
        if (r.BirthDate is not null)
        {
            if (!TryDate(r.BirthDate, out var date))
            {
                return null;
            }
            born = date;
        }
        var record = new PersonRecord([.. (r.Consent ?? []).Distinct(StringComparer.Ordinal)], r.Name, r.Furigana, r.Address, born, r.Sex, r.Phone, r.Language,
            r.Needs is null ? null : [.. r.Needs.Select(n => new SpecialNeed(n.Code, n.Detail))]);
        return Problem(record, r, options) is null ? record : null;
    }

    private static IResult Invalid(RegisterPersonRequest r, PeopleOptions options) =>
        Problem(new PersonRecord(r.Consent ?? [], r.Name, r.Furigana, r.Address, null, r.Sex, r.Phone, r.Language,
            r.Needs?.Select(n => new SpecialNeed(n.Code, n.Detail)).ToArray()), r, options) ?? Problems.Invalid("invalid-birth-date", "birthDate must be YYYY-MM-DD.");

    private static IResult? Problem(PersonRecord record, RegisterPersonRequest r, PeopleOptions options)
    {
        if (record.Consent.FirstOrDefault(c => !PersonItems.All.Contains(c)) is { } unknown)
        {
            return Problems.Invalid("unknown-consent-item", $"consent lists '{unknown}'; the items are {string.Join(", ", PersonItems.All)}.");
        }
        var given = PersonItems.Given(record).ToList();
        if (r.BirthDate is not null && !given.Contains(PersonItems.BirthDate))
        {
            given.Add(PersonItems.BirthDate);
        }
        if (given.FirstOrDefault(item => !record.Consent.Contains(item)) is { } withoutConsent)
        {
            return Problems.Invalid("no-consent", $"'{withoutConsent}' was given without the person's consent to store it: add it to consent, or leave it out.");
        }
        if (new[] { record.Name, record.Furigana, record.Address, record.Sex, record.Phone, record.Language }.Any(t => t is { Length: > MaxText })
            || (record.Needs ?? []).Any(n => n.Detail is { Length: > MaxText }) || (record.Needs?.Length ?? 0) > options.NeedCategories.Count)
        {
            return Problems.Invalid("too-long", $"Each item is at most {MaxText} characters, and each need is listed once.");
        }
        if ((record.Needs ?? []).FirstOrDefault(n => !options.NeedCategories.Contains(n.Code)) is { } need)
        {
            return Problems.Invalid("unknown-need", $"'{need.Code}' is not a need category here; they are {string.Join(", ", options.NeedCategories)}.");
        }
        return null;
    }

    internal static PersonView View(PeopleDirectory.Person person)
    {
        var r = person.Record;
        return new PersonView(person.PersonId, person.HouseholdId, person.Municipality, person.ShelterId, person.Stay, r?.Consent ?? [], r?.Name, r?.Furigana,
            r?.Address, r?.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r?.Sex, r?.Phone, r?.Language,
            [.. (r?.Needs ?? []).Select(n => new SpecialNeedView(n.Code, n.Detail))], person.RegisteredAt, person.ErasedAt);
    }
}
