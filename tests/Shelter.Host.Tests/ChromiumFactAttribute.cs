namespace Shelter.Host.Tests;

/// <summary>
/// A test that needs Debian's Chromium. Skipped, with the reason, on a machine without it; in CI (CI=true), where
/// .ci/run installs it, a missing browser is a failure rather than a skip.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs Chromium at {ExecutablePath} (apt-get install chromium); CI installs it";
        }
    }
}
