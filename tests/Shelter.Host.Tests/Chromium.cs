using Microsoft.Playwright;

namespace Shelter.Host.Tests;

/// <summary>Debian's Chromium as every browser test starts it: headless, no sandbox, no network of its own, never a downloaded browser.</summary>
public static class Chromium
{
    public static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumFactAttribute.ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
}
