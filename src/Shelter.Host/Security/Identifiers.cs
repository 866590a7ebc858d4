using System.Text.RegularExpressions;

namespace Shelter.Host.Security;

/// <summary>IDs that appear in URLs, tokens and persistence IDs: short, ASCII, no separators that could be confused.</summary>
public static partial class Identifiers
{
    public const string Rule = "1 to 64 characters: letters, digits, '-' and '_', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    // \A and \z, not ^ and $: $ also matches before a final newline, which would let "relay\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
