namespace Shelter.Privacy;

/// <summary>
/// What the desk knows of a person, each item only with the person's consent to it (<see cref="Consent"/>). This is
/// the plain form; it is stored only sealed under the person's own key.
/// </summary>
public sealed record PersonRecord(
    string[] Consent,
    string? Name = null,
    string? Furigana = null,
    string? Address = null,
    DateOnly? BirthDate = null,
    string? Sex = null,
    string? Phone = null,
    string? Language = null,
    SpecialNeed[]? Needs = null);

/// <summary>A special need (要配慮者の区分) from the configured list, with its detail: an infant's age in months, a 要介護 level, allergy substances, a language, 同行 or 同伴.</summary>
public sealed record SpecialNeed(string Code, string? Detail = null);

/// <summary>The items of <see cref="PersonRecord"/> a person may consent to, by the names the API uses.</summary>
public static class PersonItems
{
    public const string Name = "name";
    public const string Furigana = "furigana";
    public const string Address = "address";
    public const string BirthDate = "birthDate";
    public const string Sex = "sex";
    public const string Phone = "phone";
    public const string Language = "language";
    public const string Needs = "needs";

    public static IReadOnlyList<string> All { get; } = [Name, Furigana, Address, BirthDate, Sex, Phone, Language, Needs];

    /// <summary>The items <paramref name="record"/> carries a value for.</summary>
    public static IEnumerable<string> Given(PersonRecord record)
    {
        if (record.Name is not null) { yield return Name; }
        if (record.Furigana is not null) { yield return Furigana; }
        if (record.Address is not null) { yield return Address; }
        if (record.BirthDate is not null) { yield return BirthDate; }
        if (record.Sex is not null) { yield return Sex; }
        if (record.Phone is not null) { yield return Phone; }
        if (record.Language is not null) { yield return Language; }
        if (record.Needs is { Length: > 0 }) { yield return Needs; }
    }
}

/// <summary>Where a person is staying: in a shelter, or outside one but still needing meals and supplies (and counted).</summary>
public static class Stays
{
    public const string Shelter = "shelter";
    public const string Home = "home";
    public const string Car = "car";
    public const string Relatives = "relatives";
    public const string Moved = "moved";

    public static IReadOnlyList<string> All { get; } = [Shelter, Home, Car, Relatives, Moved];
}
