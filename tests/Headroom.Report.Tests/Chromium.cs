using System.Diagnostics;

namespace Headroom.Report.Tests;

/// <summary>
/// Debian's headless Chromium, run as a user would open the page (fresh profile, no network services, no GPU):
/// the DOM after load with the console messages Chromium logs, and a screenshot.
/// </summary>
internal static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    public static void RequireInstalled()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip($"Skipped: {Executable} is absent (.ci/run installs Debian's chromium).");
        }
    }

    /// <summary>The serialised DOM after load, and every console line Chromium logged.</summary>
    public static (string Dom, IReadOnlyList<string> Console) DumpDom(string page)
    {
        var (output, error) = Run(page, "--dump-dom", "--enable-logging=stderr", "--v=0");
        return (output, error.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList());
    }

    public static void Screenshot(string page, string png, int width, int height)
        => Run(page, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static (string Output, string Error) Run(string page, params string[] arguments)
    {
        using var profile = new TempFolder();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={profile.Path}", .. arguments, new Uri(page).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Chromium did not finish within 90 s.");
        }

        return (output.Result, error.Result);
    }
}
