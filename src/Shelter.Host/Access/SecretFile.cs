namespace Shelter.Host.Access;

/// <summary>A token kept in the data folder for its owner: readable and writable by the node's user only.</summary>
public static class SecretFile
{
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, create);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(text);
    }
}
