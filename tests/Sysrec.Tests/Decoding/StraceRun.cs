using System.Diagnostics;
using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// What <c>strace -f -yy -s 32</c> printed for a workload, line by line per process: a call (whole, or the
/// two halves strace printed when another process's line came between its entry and its exit), an exit
/// line (<c>+++ exited with 0 +++</c>) or a signal line (<c>--- SIGCHLD {...} ---</c>). The workload's stdout
/// is /dev/null, so that its fd 1 has a name a test can know.
/// </summary>
internal sealed partial class StraceRun
{
    private readonly Dictionary<int, List<StraceLine>> _byPid = [];

    private StraceRun(IEnumerable<string> lines)
    {
        var pending = new Dictionary<int, StraceLine>();
        foreach (string raw in lines)
        {
            Match leader = Leader().Match(raw);
            Assert.True(leader.Success, $"not a strace -f line: {raw}");
            int pid = int.Parse(leader.Groups[1].Value);
            string text = leader.Groups[2].Value;
            if (!_byPid.TryGetValue(pid, out List<StraceLine>? list))
                _byPid[pid] = list = [];
            if (FirstPid == 0)
                FirstPid = pid;
            if (text.StartsWith("+++ ", StringComparison.Ordinal) || text.StartsWith("--- ", StringComparison.Ordinal))
            {
                list.Add(new StraceLine(pid, "", text));
                continue;
            }
            Match resumed = Resumed().Match(text);
            if (resumed.Success)
            {
                string rest = Collapse(text);
                if (pending.Remove(pid, out StraceLine? entry) && entry.Name == resumed.Groups[1].Value)
                    entry.Resumed = rest;
                else
                    list.Add(new StraceLine(pid, resumed.Groups[1].Value, "") { Resumed = rest });
                continue;
            }
            string name = Name().Match(text).Groups[1].Value;
            if (text.EndsWith(" <unfinished ...>", StringComparison.Ordinal))
            {
                var entry = new StraceLine(pid, name, "") { Unfinished = text };
                pending[pid] = entry;
                list.Add(entry);
            }
            else
                list.Add(new StraceLine(pid, name, Collapse(text)));
        }
    }

    /// <summary>The workload's own pid: the first line's.</summary>
    public int FirstPid { get; }

    public IReadOnlyList<StraceLine> Of(int pid) => _byPid.TryGetValue(pid, out List<StraceLine>? lines) ? lines : [];

    /// <summary>Runs <paramref name="executable"/> under strace in <paramref name="workingDirectory"/>.</summary>
    public static StraceRun Of(string workingDirectory, string executable, params string[] arguments)
    {
        string output = Path.Combine(workingDirectory, "strace.txt");
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec \"$@\" </dev/null >/dev/null", "sh",
            "strace", "-f", "-yy", "-s", "32", "-o", output, executable, .. arguments])
        {
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "strace did not finish");
        Assert.True(process.ExitCode == 0, $"strace {executable} exited with {process.ExitCode}: {stderr}");
        var run = new StraceRun(File.ReadAllLines(output));
        File.Delete(output);
        return run;
    }

    /// <summary>
    /// Attaches strace to the running <paramref name="pid"/> (tracing the calls of <paramref name="calls"/>),
    /// runs <paramref name="attached"/> once it is attached, and returns what it printed until the process exited.
    /// </summary>
    public static StraceRun Attached(int pid, string workingDirectory, string calls, Action attached)
    {
        string output = Path.Combine(workingDirectory, "strace-attached.txt");
        var start = new ProcessStartInfo("strace", ["-f", "-yy", "-s", "32", "-e", $"trace={calls}", "-o", output, "-p", $"{pid}"])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null && !line.Contains("attached", StringComparison.Ordinal))
        {
        }
        Assert.True(line is not null, "strace did not attach");
        attached();
        string rest = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "strace did not finish");
        Assert.True(process.ExitCode == 0, $"strace -p {pid} exited with {process.ExitCode}: {rest}");
        var run = new StraceRun(File.ReadAllLines(output));
        File.Delete(output);
        return run;
    }

    /// <summary>A line with its pointers (addresses of 9 hex digits and more) made alike, so that a test's addresses need not be the run's.</summary>
    public static string Normalize(string line) => Address().Replace(line, "0xADDR");

    // strace pads a call to the return column: ")      = 0" is ") = 0" here, as the renderer writes it.
    private static string Collapse(string text)
    {
        MatchCollection padding = Padding().Matches(text);
        if (padding.Count == 0)
            return text;
        Match last = padding[^1];
        return string.Concat(text.AsSpan(0, last.Index), ") = ", text.AsSpan(last.Index + last.Length));
    }

    [GeneratedRegex(@"^(\d+)\s+(.*)$")]
    private static partial Regex Leader();

    [GeneratedRegex(@"^<\.\.\. (\w+) resumed>")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(\w+)\(")]
    private static partial Regex Name();

    [GeneratedRegex(@"\) +=(?: |$)")]
    private static partial Regex Padding();

    [GeneratedRegex(@"0x[0-9a-f]{9,}")]
    private static partial Regex Address();
}

/// <summary>
/// One line of a process in a <see cref="StraceRun"/>: a whole call in <see cref="Text"/>, or a call strace
/// split in <see cref="Unfinished"/> and <see cref="Resumed"/> (either may be missing when strace attached
/// to a thread in a call, or the call never returned), or an exit or signal line in <see cref="Text"/>.
/// </summary>
internal sealed record StraceLine(int Pid, string Name, string Text)
{
    public string? Unfinished { get; set; }

    public string? Resumed { get; set; }

    /// <summary>The call as one line: its halves joined as strace would have printed it whole.</summary>
    public string Whole => Unfinished is null && Resumed is null ? Text
        : Unfinished is not null && Resumed is not null
            ? Unfinished[..^" <unfinished ...>".Length].TrimEnd() + (Unfinished.EndsWith(",  <unfinished ...>", StringComparison.Ordinal) ? " " : "")
                + Resumed[(Resumed.IndexOf('>') + 1)..]
            : Unfinished ?? Resumed!;

    public override string ToString() => Unfinished is null && Resumed is null ? Text : $"{Unfinished} / {Resumed}";
}
