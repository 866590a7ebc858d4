using System.Diagnostics;

namespace Shelter.Host.Tests;

/// <summary>A test that needs python3 with the cryptography package. Skipped without it, except in CI, where .ci/run installs it.</summary>
public sealed class PythonCryptographyFactAttribute : FactAttribute
{
    public PythonCryptographyFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !Available())
        {
            Skip = "needs python3 with the cryptography package (apt-get install python3-cryptography); CI installs it";
        }
    }

    private static bool Available()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("python3", ["-c", "import cryptography"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
