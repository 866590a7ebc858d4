namespace Shelter.Privacy;

/// <summary>Where a node's privacy key file is when none is configured, and the rule that it lies outside the data folder.</summary>
public static class PrivacyKeyFile
{
    /// <summary><c>data</c> → <c>data.privacy.key</c> in the folder that holds the data folder.</summary>
    public static string DefaultFor(string dataDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return Path.Combine(Path.GetDirectoryName(full) ?? full, Path.GetFileName(full) + ".privacy.key");
    }

    /// <summary>Whether <paramref name="file"/> lies inside <paramref name="dataDirectory"/>, where a backup of the folder would carry it.</summary>
    public static bool IsInside(string file, string dataDirectory)
    {
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(file).StartsWith(folder, StringComparison.Ordinal);
    }
}
