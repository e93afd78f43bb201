using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>Ground truth from strace: the syscalls a program makes, by number, as another tracer sees them.</summary>
internal static partial class Strace
{
    /// <summary>Runs the program under `strace -n` and returns the numbers of the syscalls it made after its execve.</summary>
    public static List<long> SyscallsAfterExec(string executable, params string[] arguments)
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command("strace", ["-n", "-o", dir.File("strace.txt"), executable, .. arguments]);
        Assert.True(result.ExitCode == 0, $"strace {executable} exited with {result.ExitCode}: {result.Stderr}");
        // "[  12] brk(NULL) = ...": exit and signal lines ("+++", "---") carry no call.
        List<long> calls = [.. File.ReadLines(dir.File("strace.txt"))
            .Select(line => Call().Match(line))
            .Where(match => match.Success)
            .Select(match => long.Parse(match.Groups[1].Value))];
        Assert.True(calls.Count > 0 && calls[0] == Nr.Execve, "strace did not show the execve first");
        return calls[1..];
    }

    [GeneratedRegex(@"^\[\s*(\d+)\] \w+\(")]
    private static partial Regex Call();
}
