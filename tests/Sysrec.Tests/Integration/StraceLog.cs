using System.Globalization;
using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>One call as `strace -f -n` showed it: its number and name, and its return (null for "= ?": it never returned).</summary>
internal sealed record StracedCall(long Nr, string Name, long? Ret);

/// <summary>
/// Ground truth from strace for calls and their returns: a program run under `strace -f -n`, its log read
/// into each process's calls in order, the two halves of an unfinished call joined, errors as -errno.
/// Run while sysrec records the same program, it sees the very calls sysrec does, pointers included.
/// </summary>
internal static partial class StraceLog
{
    private static readonly Lazy<Dictionary<string, long>> s_errnos = new(ReadErrnos);

    /// <summary>
    /// Runs `strace -f -n -qq -o LOG <paramref name="options"/>... <paramref name="command"/>...`, checks the command
    /// exited with <paramref name="exitCode"/>, and reads the log, by pid.
    /// </summary>
    public static Dictionary<int, List<StracedCall>> Run(IEnumerable<string> options, string workingDirectory, string[] command, int exitCode = 0)
    {
        using var dir = new TempDirectory();
        string log = dir.File("strace.txt");
        CommandResult result = Integration.Run.Command("strace", ["-f", "-n", "-qq", "-o", log, .. options, .. command], workingDirectory);
        Assert.True(result.ExitCode == exitCode, $"strace {string.Join(' ', command)} exited with {result.ExitCode}, not {exitCode}: {result.Stderr}");
        return Parse(File.ReadLines(log));
    }

    /// <summary>The calls of a `strace -f -n` log, by pid in the order each made them; signal and exit lines carry no call.</summary>
    public static Dictionary<int, List<StracedCall>> Parse(IEnumerable<string> lines)
    {
        var calls = new Dictionary<int, List<StracedCall>>();
        var unfinished = new Dictionary<int, int>();
        foreach (string line in lines)
        {
            if (Resumed().Match(line) is { Success: true } resumed)
            {
                int pid = int.Parse(resumed.Groups["pid"].Value, CultureInfo.InvariantCulture);
                Assert.True(unfinished.Remove(pid, out int index), $"strace resumed a call it never started: '{line}'");
                calls[pid][index] = calls[pid][index] with { Ret = Return(line) };
                continue;
            }
            if (Started().Match(line) is not { Success: true } call)
                continue;
            int caller = int.Parse(call.Groups["pid"].Value, CultureInfo.InvariantCulture);
            List<StracedCall> made = calls.TryGetValue(caller, out List<StracedCall>? existing) ? existing : calls[caller] = [];
            bool pending = line.EndsWith("<unfinished ...>", StringComparison.Ordinal);
            made.Add(new StracedCall(long.Parse(call.Groups["nr"].Value, CultureInfo.InvariantCulture), call.Groups["name"].Value, pending ? null : Return(line)));
            if (pending)
                unfinished[caller] = made.Count - 1;
        }
        return calls;
    }

    /// <summary>What "= ..." at the end of a line says: a number (decimal or hex), -errno for "-1 ENAME (...)", null for "?".</summary>
    private static long? Return(string line)
    {
        Match match = Returned().Match(line);
        Assert.True(match.Success, $"no return in strace's '{line}'");
        string value = match.Groups["value"].Value;
        if (value == "?")
            return null;
        if (match.Groups["errno"].Success)
        {
            Assert.True(s_errnos.Value.TryGetValue(match.Groups["errno"].Value, out long errno), $"no errno {match.Groups["errno"].Value} in the kernel's headers");
            return -errno;
        }
        return value.StartsWith("0x", StringComparison.Ordinal)
            ? (long)ulong.Parse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : long.Parse(value, CultureInfo.InvariantCulture);
    }

    // x86_64 and arm64 both number errors as asm-generic does; the headers come with linux-libc-dev, a build dependency.
    private static Dictionary<string, long> ReadErrnos()
    {
        var errnos = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string header in (string[])["/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h"])
        {
            foreach (Match define in File.ReadLines(header).Select(line => ErrnoDefine().Match(line)).Where(match => match.Success))
                errnos[define.Groups[1].Value] = long.Parse(define.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        return errnos;
    }

    // "1234  [ 257] openat(AT_FDCWD, ...) = 3", "1234  [  61] wait4(-1,  <unfinished ...>".
    [GeneratedRegex(@"^(?<pid>\d+)\s+\[\s*(?<nr>\d+)\] (?<name>\w+)\(")]
    private static partial Regex Started();

    // "1234  [  61] <... wait4 resumed>, 0) = 1235".
    [GeneratedRegex(@"^(?<pid>\d+)\s+\[\s*\d+\] <\.\.\. \w+ resumed>")]
    private static partial Regex Resumed();

    // The last "= VALUE" after the arguments: "= -1 ENOENT (No such file...)", "= 0x8001 (flags ...)", "= 0 (Timeout)", "= ?".
    [GeneratedRegex(@"\)\s+= (?<value>-1 (?<errno>E[A-Z0-9]+)|0x[0-9a-f]+|-?\d+|\?)(?: \(.*\))?$", RegexOptions.RightToLeft)]
    private static partial Regex Returned();

    [GeneratedRegex(@"^#define\s+(E[A-Z0-9]+)\s+(\d+)\b")]
    private static partial Regex ErrnoDefine();
}
