using System.Diagnostics;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>Debian's Chromium, launched headless by Playwright (Playwright's own browser download cannot work here).</summary>
public static class Chromium
{
    // Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
    private static readonly string[] Args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = FindExecutable(), Args = Args });

    private static string FindExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        using var which = Process.Start(new ProcessStartInfo("sh", "-c \"command -v chromium\"") { RedirectStandardOutput = true })!;
        var path = which.StandardOutput.ReadToEnd().Trim();
        which.WaitForExit();
        return path.Length > 0 ? path : throw new InvalidOperationException(
            "Debian's chromium is not installed: run `apt-get install -y chromium` (eng/test.sh does this).");
    }
}
