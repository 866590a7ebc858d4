using Shelter.Domain;

namespace Shelter.Host.Security;

/// <summary>
/// Evacuee IDs: a credential's pseudonym (64 lower-case hex digits), a registered person's ID (<see cref="PersonIds"/>),
/// or in journals written before pseudonyms, <c>card:</c> and 16 hex digits.
/// </summary>
public static class EvacueeIds
{
    public const string Rule = "a credential's pseudonym (64 hex digits) or a person's ID ('p-' and 32 hex digits)";

    public static bool IsValid(string? id) => id switch
    {
        { Length: 64 } => id.All(char.IsAsciiHexDigitLower),
        { Length: 21 } when id.StartsWith("card:", StringComparison.Ordinal) => id[5..].All(char.IsAsciiHexDigitLower),
        _ => PersonIds.IsPerson(id),
    };

    public static bool IsCredential(string? id) => IsValid(id) && !PersonIds.IsPerson(id);
}
