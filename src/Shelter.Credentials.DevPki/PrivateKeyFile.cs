namespace Shelter.Credentials.DevPki;

/// <summary>Development private keys on disk are readable by their owner only; they never belong in a repository.</summary>
public static class PrivateKeyFile
{
    public static void Write(string path, string pem)
    {
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
