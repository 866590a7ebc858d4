namespace Shelter.Host.Tests;

/// <summary>Where tests leave what a person looks at afterwards (screenshots): <c>artifacts/</c> at the repository's root.</summary>
public static class Artifacts
{
    public static string File(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Shelter.sln")))
        {
            dir = dir.Parent;
        }
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
