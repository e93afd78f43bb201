using System.Text;
using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Decoding;

/// <summary>strace's own lines for the calls of tests/workloads/flag_calls.c, and their arguments split apart.</summary>
internal static partial class StraceCalls
{
    /// <summary>Runs flag_calls under strace with the given KIND VALUE pairs and returns one line per pair.</summary>
    public static string[] Of(IEnumerable<(string Kind, long Value)> calls, params string[] straceOptions)
    {
        string workload = Workloads.Build("flag_calls.c", "sr_flag_calls");
        using var directory = new TempDirectory();
        string output = directory.File("strace.txt");
        string[] arguments = [.. calls.SelectMany(call => new[] { call.Kind, $"{call.Value}" })];
        CommandResult result = Run.Command("strace", ["-qq", "-o", output, .. straceOptions, workload, .. arguments]);
        Assert.True(result.ExitCode == 0, $"strace flag_calls exited with {result.ExitCode}: {result.Stderr}");
        // Signal lines ("--- SIGCHLD ...") come between calls when a clone made a child, and a
        // restart_syscall line after a call that SIGCHLD interrupted; a clone that SIGCHLD interrupted
        // is made again by the kernel, and strace shows it twice, the first time "= ? ERESTARTNOINTR".
        return [.. File.ReadLines(output)
            .SkipWhile(line => !line.StartsWith("getppid(", StringComparison.Ordinal))
            .Skip(1)
            .Where(line => !line.StartsWith("---", StringComparison.Ordinal) && !line.StartsWith("exit_group(", StringComparison.Ordinal)
                && !line.StartsWith("restart_syscall(", StringComparison.Ordinal) && !line.EndsWith("= ? ERESTARTNOINTR (To be restarted)", StringComparison.Ordinal))];
    }

    /// <summary>The top-level arguments of a line <c>name(a, {b, c}, "d,e") = ...</c>: a, {b, c}, "d,e".</summary>
    public static List<string> Arguments(string line)
    {
        List<string> arguments = [];
        int depth = 0;
        bool quoted = false;
        var current = new StringBuilder();
        for (int i = line.IndexOf('(') + 1; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                current.Append(c);
                if (c == '\\')
                    current.Append(line[++i]);
                else if (c == '"')
                    quoted = false;
                continue;
            }
            if (c == ')' && depth == 0)
                break;
            if (c == ',' && depth == 0)
            {
                arguments.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            quoted = c == '"';
            current.Append(c);
        }
        arguments.Add(current.ToString().Trim());
        return arguments;
    }

    /// <summary>What follows <c>= </c> at the end of the line: <c>-1 ENOENT (No such file or directory)</c>.</summary>
    public static string Result(string line)
    {
        // strace pads the call to a column before " = ".
        Match end = ResultStart().Matches(line)[^1];
        return line[(end.Index + end.Length)..].Trim();
    }

    [GeneratedRegex(@"\)\s+= ")]
    private static partial Regex ResultStart();
}
