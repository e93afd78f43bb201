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

    /// <summary>
    /// Runs the program and all it starts under `strace -f <paramref name="options"/>` in <paramref name="workingDirectory"/>
    /// and returns the names of the syscalls strace showed, its own execve of the program included.
    /// </summary>
    public static HashSet<string> SyscallNamesOf(IEnumerable<string> options, string workingDirectory, string executable, params string[] arguments)
    {
        string output = Path.Combine(workingDirectory, "strace.txt");
        CommandResult result = Run.Command("strace", ["-f", "-qq", "-o", output, .. options, executable, .. arguments], workingDirectory);
        Assert.True(result.ExitCode == 0, $"strace {executable} exited with {result.ExitCode}: {result.Stderr}");
        // "1234  openat(AT_FDCWD, ...) = 3", or "1234  wait4(-1,  <unfinished ...>": signal lines ("---") carry no call.
        HashSet<string> names = [.. File.ReadLines(output)
            .Select(line => NamedCall().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)];
        File.Delete(output);
        return names;
    }

    [GeneratedRegex(@"^\[\s*(\d+)\] \w+\(")]
    private static partial Regex Call();

    [GeneratedRegex(@"^\d+\s+(\w+)\(")]
    private static partial Regex NamedCall();
}
