namespace Shelter.Host.Api;

/// <summary>
/// A person the desk registers. <paramref name="Consent"/> lists the items the person agreed to have stored; an item
/// given without consent is refused, not dropped. <paramref name="HouseholdId"/> joins an existing household (empty: a new one).
/// </summary>
public sealed record RegisterPersonRequest(
    string? Municipality,
    string? ShelterId,
    string? Stay,
    string[]? Consent,
    string? HouseholdId = null,
    string? Name = null,
    string? Furigana = null,
    string? Address = null,
    string? BirthDate = null,
    string? Sex = null,
    string? Phone = null,
    string? Language = null,
    SpecialNeedView[]? Needs = null);

public sealed record SpecialNeedView(string Code, string? Detail = null);

/// <summary>A registered person as the desk sees them; after erasure only the row's facts remain (<paramref name="ErasedAt"/> set).</summary>
public sealed record PersonView(
    string PersonId,
    string HouseholdId,
    string Municipality,
    string? ShelterId,
    string Stay,
    string[] Consent,
    string? Name,
    string? Furigana,
    string? Address,
    string? BirthDate,
    string? Sex,
    string? Phone,
    string? Language,
    SpecialNeedView[] Needs,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ErasedAt);

public sealed record PeopleFound(PersonView[] People);

/// <summary>
/// A municipality's registered people as counts only: by where they stay (<c>shelter</c>, <c>home</c>, <c>car</c>,
/// <c>relatives</c>, <c>moved</c>), and by special need (each person counted once per need).
/// </summary>
public sealed record PeopleCountsView(string Municipality, int Registered, IReadOnlyDictionary<string, int> ByStay, IReadOnlyDictionary<string, int> ByNeed);

public sealed record HouseholdView(string HouseholdId, PersonView[] People);
