namespace Sysrec.Tests.Integration;

/// <summary>The README's promise for failures: one line, <c>sysrec: what failed: why...</c>, a known exit code, never a stack trace.</summary>
internal static class ErrorOutput
{
    /// <summary>Checks <paramref name="result"/> failed that way and returns its one error line.</summary>
    /// <remarks>A recorder that fails while recording has already said it was recording; that line is not the error.</remarks>
    public static string AssertOneLine(CommandResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, not {exitCode}; stderr: {result.Stderr}");
        Assert.DoesNotContain("   at ", result.Stderr);
        string[] lines = [.. result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("sysrec: recording ", StringComparison.Ordinal))];
        Assert.True(lines.Length == 1, $"not one error line: {result.Stderr}");
        Assert.StartsWith("sysrec: ", lines[0]);
        return lines[0];
    }
}
