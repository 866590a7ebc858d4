namespace Shelter.Host.Security;

/// <summary>Evacuee IDs are credential fingerprints: 64 lower-case hex digits, or <c>card:</c> and 16 for a temporary card.</summary>
public static class EvacueeIds
{
    public static bool IsValid(string? id) => id switch
    {
        { Length: 64 } => id.All(char.IsAsciiHexDigitLower),
        { Length: 21 } when id.StartsWith("card:", StringComparison.Ordinal) => id[5..].All(char.IsAsciiHexDigitLower),
        _ => false,
    };
}
