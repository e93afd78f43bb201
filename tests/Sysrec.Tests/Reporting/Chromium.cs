using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Reporting;

/// <summary>A real browser (Debian's chromium package) that renders a page headless and gives back its DOM.</summary>
internal static class Chromium
{
    private const string Path = "/usr/bin/chromium";

    /// <summary>Ends the test as skipped when the browser is not installed.</summary>
    public static void SkipUnlessInstalled() =>
        Assert.SkipUnless(File.Exists(Path), $"{Path} is missing: install Debian's chromium package to render the report in a browser");

    /// <summary>The DOM after the page has loaded and laid out, serialized by the browser.</summary>
    public static string DumpDom(string page)
    {
        using var profile = new TempDirectory();
        // Everything that could reach out is off: the page must render from the file alone.
        CommandResult result = Run.Command(Path,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.Path}", "--dump-dom", new Uri(page).AbsoluteUri,
        ], timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"chromium exited with {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
