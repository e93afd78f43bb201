using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// A file of <c>strace -f</c> lines (strace's own, or sysrec's --format strace) as the calls and events it
/// holds, each made comparable across two runs of the same program: a call strace split in two (another
/// line came between its entry and exit) joined again; times, durations, the time a wait had left, pids, pointers, inodes, ports
/// and the working directory replaced by placeholders; and in the few calls whose results differ from
/// run to run by nature (random bytes, clocks, free space), the numbers and strings too.
/// </summary>
internal sealed partial class StraceTranscript
{
    // Calls whose results are the machine's state of the moment, not the program's.
    private static readonly HashSet<string> s_varying = ["getrandom", "clock_gettime", "clock_getres", "sysinfo", "statfs", "fstatfs", "statfs64", "fstatfs64", "times", "getrusage", "getppid"];

    private StraceTranscript(List<Line> lines) => Lines = lines;

    /// <summary>In the file's order; a joined call where its first half was.</summary>
    public IReadOnlyList<Line> Lines { get; }

    /// <summary>Reads a file, replacing <paramref name="directory"/> (the run's working directory) with <c>DIR</c>.</summary>
    public static StraceTranscript Read(string path, string directory)
    {
        var lines = new List<Line>();
        var open = new Dictionary<int, int>();
        string[] raw = File.ReadAllLines(path);
        // Every pid the run had, to be told apart from other numbers: the lines' own, in the order of their values.
        int[] pids = [.. raw.Select(line => Leader().Match(line)).Where(match => match.Success).Select(match => int.Parse(match.Groups[1].Value)).Distinct().Order()];
        foreach (string text in raw)
        {
            Match leader = Leader().Match(text);
            Assert.True(leader.Success, $"not a strace -f line in {path}: {text}");
            int pid = int.Parse(leader.Groups[1].Value);
            string rest = Duration().Replace(leader.Groups[2].Value, "");
            Match resumed = Resumed().Match(rest);
            if (resumed.Success && open.Remove(pid, out int first))
            {
                lines[first] = lines[first] with { Text = lines[first].Text + resumed.Groups[2].Value };
                continue;
            }
            if (rest.EndsWith(" <unfinished ...>", StringComparison.Ordinal))
            {
                open[pid] = lines.Count;
                rest = rest[..^" <unfinished ...>".Length];
            }
            lines.Add(new Line(Array.IndexOf(pids, pid), Name().Match(rest).Groups[1].Value, rest));
        }
        return new StraceTranscript([.. lines.Select(line => line with { Text = Normalize(line.Text, line.Name, pids, directory) })]);
    }

    /// <summary>The names of the calls each process made, in order, by the rank of its pid among the run's.</summary>
    public IReadOnlyDictionary<int, string[]> CallsByProcess() =>
        Lines.Where(line => line.Name.Length > 0).GroupBy(line => line.Process).ToDictionary(group => group.Key, group => group.Select(line => line.Name).ToArray());

    /// <summary>Every fd argument or result with its name: <c>3&lt;DIR/text.txt&gt;</c>.</summary>
    public IEnumerable<string> NamedFds() => Lines.SelectMany(line => Fd().Matches(line.Text).Select(match => match.Value));

    private static string Normalize(string text, string name, int[] pids, string directory)
    {
        text = text.Replace(directory, "DIR", StringComparison.Ordinal);
        text = Padding().Replace(text, " = ");
        text = Pointer().Replace(text, "0xPTR");
        text = Socket().Replace(text, match => match.Groups[1].Value + Number().Replace(match.Groups[2].Value, "N"));
        text = Port().Replace(text, "htons(N)");
        text = ChildTimes().Replace(text, "si_$1time=N");
        text = TimeLeft().Replace(text, "left {tv_sec=N, tv_$1sec=N}");
        text = Number().Replace(text, match => int.TryParse(match.Value, out int number) && pids.Contains(number) ? "PID" : match.Value);
        if (s_varying.Contains(name))
            text = Number().Replace(Quoted().Replace(text, "\"S\""), "N");
        return text;
    }

    /// <summary>One call (joined if strace split it) or event line of a process, by the rank of its pid in the run.</summary>
    internal sealed record Line(int Process, string Name, string Text);

    [GeneratedRegex(@"^(\d+)\s+(?:\d\d:\d\d:\d\d\.\d{6} )?(.*)$")]
    private static partial Regex Leader();

    [GeneratedRegex(@" <\d+\.\d{6}>$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^<\.\.\. (\w+) resumed>(.*)$")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(\w+)\(")]
    private static partial Regex Name();

    // strace pads the return to a column.
    [GeneratedRegex(@"\s+= ")]
    private static partial Regex Padding();

    [GeneratedRegex(@"0x[0-9a-f]{5,}")]
    private static partial Regex Pointer();

    // A pipe's or socket's inode and a socket's ports: [23411], [127.0.0.1:40000->127.0.0.1:80], [5->6].
    [GeneratedRegex(@"(pipe|socket|UNIX|UNIX-STREAM|TCP|TCPv6|UDP|UDPv6|NETLINK):(\[(?:[^\[\]]|\[[^\]]*\])*\])")]
    private static partial Regex Socket();

    [GeneratedRegex(@"htons\(\d+\)")]
    private static partial Regex Port();

    [GeneratedRegex(@"si_([us])time=\d+")]
    private static partial Regex ChildTimes();

    // What a wait's timeout had left when it returned (ppoll's, pselect6's), as much a matter of timing as a duration.
    [GeneratedRegex(@"left \{tv_sec=\d+, tv_([nu])sec=\d+\}")]
    private static partial Regex TimeLeft();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex Quoted();

    // An fd and its -yy name; a socket's name has "->" in it.
    [GeneratedRegex(@"\b\d+<(?:->|[^>])*>")]
    private static partial Regex Fd();
}
