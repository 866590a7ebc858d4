namespace Shelter.Access;

/// <summary>What a token's holder is. Each role has its own token prefix, so a leaked token says what it opens.</summary>
public enum AccessRole
{
    Admin,
    Desk,
    Enquiry,
    Viewer,
    Reader,
}

public static class AccessRoles
{
    private static readonly (AccessRole Role, string Name, string Prefix)[] Table =
    [
        (AccessRole.Admin, "admin", "sadm"),
        (AccessRole.Desk, "desk", "sdsk"),
        (AccessRole.Enquiry, "enquiry", "senq"),
        (AccessRole.Viewer, "viewer", "svwr"),
        (AccessRole.Reader, "reader", "srdr"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(r => r.Name)];

    public static string Name(this AccessRole role) => Table[(int)role].Name;

    public static string Prefix(this AccessRole role) => Table[(int)role].Prefix;

    /// <summary>People who sign in to a page; admin and reader tokens are for programs and never become a cookie.</summary>
    public static bool SignsInWithBrowser(this AccessRole role) => role is AccessRole.Desk or AccessRole.Enquiry or AccessRole.Viewer;

    public static bool TryParse(string? name, out AccessRole role)
    {
        foreach (var entry in Table)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                role = entry.Role;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static bool TryFromPrefix(ReadOnlySpan<char> prefix, out AccessRole role)
    {
        foreach (var entry in Table)
        {
            if (prefix.SequenceEqual(entry.Prefix))
            {
                role = entry.Role;
                return true;
            }
        }
        role = default;
        return false;
    }
}
