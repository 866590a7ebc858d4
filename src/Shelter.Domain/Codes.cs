namespace Shelter.Domain;

/// <summary>The domain's enums travel as kebab-case codes; this finds the value a code names.</summary>
public static class Codes
{
    public static bool TryParse<TEnum>(string? code, Func<TEnum, string> codeOf, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(codeOf(candidate), code, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
