namespace Shelter.Credentials;

/// <summary>
/// A secret on disk (a private key, a token): created readable and writable by its owner only, so it is never
/// world-readable, not even for the moment between writing it and changing its mode. An existing file is replaced;
/// a missing folder is made.
/// </summary>
public static class OwnerOnlyFile
{
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, create);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
