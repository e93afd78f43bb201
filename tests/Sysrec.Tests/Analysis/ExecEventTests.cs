using Sysrec.Tests.Integration;
using Sysrec.Tests.Splitting;

namespace Sysrec.Tests.Analysis;

/// <summary>
/// jsonl exec events (<c>"event":"exec"</c>) beside syscalls: every command that reads recordings counts
/// exactly what it counts without them, and split's manifest names the program each process ran.
/// </summary>
public sealed class ExecEventTests : IDisposable
{
    private static readonly string Syscalls = NativeJsonl.Of("""
        {"ts_ns":100,"pid":10,"tid":10,"comm":"sh","abi":"x86_64","nr":59,"name":"execve","args":[0,0,0,0,0,0],"ret":0,"dur_ns":5}
        {"ts_ns":200,"pid":10,"tid":10,"comm":"ls","abi":"x86_64","nr":12,"name":"brk","args":[0,0,0,0,0,0],"ret":-12,"dur_ns":7}
        {"ts_ns":300,"pid":10,"tid":12,"comm":"ls","abi":"x86_64","nr":0,"name":"read","args":[0,0,0,0,0,0],"ret":3,"dur_ns":9}
        {"ts_ns":400,"pid":20,"tid":20,"comm":"a,\"b","abi":"x86_64","nr":39,"name":"getpid","args":[0,0,0,0,0,0],"ret":20,"dur_ns":1}
        {"ts_ns":500,"pid":20,"tid":20,"comm":"a,\"b","abi":"x86_64","nr":39,"name":"getpid","args":[0,0,0,0,0,0],"ret":20,"dur_ns":1}

        """);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("stats", "--format", "json", "--per-process")]
    [InlineData("seccomp")]
    [InlineData("report")]
    public void AnalysesAreTheSameWithAndWithoutExecEvents(params string[] command)
    {
        string without = Write("without", Syscalls);
        string with = Write("with", WithExecEvents());

        CommandResult plain = Run.Command(Repository.Sysrec, [command[0], "trace.jsonl", .. command[1..]], without);
        CommandResult mixed = Run.Command(Repository.Sysrec, [command[0], "trace.jsonl", .. command[1..]], with);

        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Equal((plain.ExitCode, plain.Stdout, plain.Stderr), (mixed.ExitCode, mixed.Stdout, mixed.Stderr));
        Assert.Contains("getpid", mixed.Stdout);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("lidds")]
    public void ExportsAreTheSameWithAndWithoutExecEvents(string format)
    {
        string without = Write("without", Syscalls);
        string with = Write("with", WithExecEvents());

        CommandResult plain = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", format, "-o", "out"], without);
        CommandResult mixed = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", format, "-o", "out"], with);

        Assert.True(mixed.ExitCode == 0, mixed.Stderr);
        // These lines have no clock event: LID-DS lines say their times are not Unix time.
        string noClock = format == "lidds"
            ? "sysrec: warning: trace.jsonl has no clock event (it was recorded before sysrec wrote them), so the times are CLOCK_MONOTONIC, not Unix time\n"
            : "";
        Assert.Equal($"{noClock}sysrec: 5 calls exported to out\n", mixed.Stderr);
        // The one thing an exec event tells LID-DS lines: the exec's exit line has the new program's comm=, as sysdig's has.
        byte[] expected = File.ReadAllBytes(Path.Combine(without, "out"));
        if (format == "lidds")
            expected = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(expected)
                .Replace(" execve < res=0 tid=10 pid=10\n", " execve < res=0 tid=10 pid=10 comm=sh\n", StringComparison.Ordinal));
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(with, "out")));
    }

    [Fact]
    public async Task ARecordingOfEventsAloneExportsAnEmptyTableWithEveryColumn()
    {
        string directory = Write("events", "{\"ts_ns\":1,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"event\":\"exec\",\"exe\":\"/x\"}\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "-o", "out.parquet"], directory);

        Assert.True(result.ExitCode == 0, result.Stderr);
        (int groups, List<Export.ExportedRow> rows) = await Export.ExportedRow.ReadWithParquetNet(Path.Combine(directory, "out.parquet"));
        Assert.Equal((0, 0), (groups, rows.Count));
    }

    [Fact]
    public void SplitWritesTheSameFilesAndTheManifestNamesTheProgramEachRanAtItsLastCall()
    {
        string without = Write("without", Syscalls);
        string with = Write("with", WithExecEvents());

        CommandResult plain = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "out"], without);
        CommandResult mixed = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "out"], with);

        Assert.True(mixed.ExitCode == 0, mixed.Stderr);
        Assert.Equal("sysrec: 5 calls split into 3 files in out\n", mixed.Stderr);
        Assert.Equal(plain.Stderr, mixed.Stderr);
        string[] names = ["ls:10.log", "sh:10.log", "a,\"b:20.log"];
        Assert.All(names, name => Assert.Equal(File.ReadAllText(Path.Combine(without, "out", name)), File.ReadAllText(Path.Combine(with, "out", name))));
        (string[] header, List<ManifestRow> rows) = ManifestCsv.Read(Path.Combine(with, "out", "manifest.csv"));
        Assert.Equal(["file", "comm", "pid", "executable", "calls", "first_ts_ns", "last_ts_ns", "cgroup"], header);
        Assert.Equal(
        [
            // Each file names what its process ran at the file's last call; the exe's bytes as recorded.
            ("sh:10.log", "sh", 10u, (string?)"/bin/sh", 1L, (ulong?)100, (ulong?)100),
            ("ls:10.log", "ls", 10u, "/usr/bin/l\u00e9s \\\u0001", 2L, 200, 300),
            // Pid 20 exec'd a program of the same comm between its two calls: the later one counts.
            ("a,\"b:20.log", "a,\"b", 20u, "/opt/y", 2L, 400, 500),
        ], rows.Select(row => (row.File, Latin1(row.Comm), row.Id, row.Executable is null ? null : System.Text.Encoding.UTF8.GetString(row.Executable),
            row.Calls, row.FirstTsNs, row.LastTsNs)));
        Assert.Contains("\"a,\"\"b:20.log\",\"a,\"\"b\",20,/opt/y,2,400,500,\r\n", File.ReadAllText(Path.Combine(with, "out", "manifest.csv")));
        // Without exec events there is no executable to name.
        Assert.All(ManifestCsv.Read(Path.Combine(without, "out", "manifest.csv")).Rows, row => Assert.Null(row.Executable));
    }

    // Exec events before each program's calls, one with a path that is UTF-8 (é), a backslash and a control byte.
    private static string WithExecEvents()
    {
        string[] lines = Syscalls.Split('\n');
        return string.Join('\n',
        [
            "{\"ts_ns\":50,\"pid\":10,\"tid\":10,\"comm\":\"sh\",\"event\":\"exec\",\"exe\":\"/bin/sh\"}",
            lines[0],
            "{\"ts_ns\":150,\"pid\":10,\"tid\":10,\"comm\":\"ls\",\"event\":\"exec\",\"exe\":\"/usr/bin/l\u00e9s \\\\\\\\\\\\x01\"}",
            lines[1],
            "{\"ts_ns\":250,\"pid\":10,\"tid\":12,\"comm\":\"ls\",\"event\":\"something-later\"}",
            lines[2],
            "{\"ts_ns\":350,\"pid\":20,\"tid\":20,\"comm\":\"x\",\"event\":\"exec\",\"exe\":\"/opt/x\"}",
            lines[3],
            "{\"ts_ns\":450,\"pid\":20,\"tid\":20,\"comm\":\"a,\\\"b\",\"event\":\"exec\",\"exe\":\"/opt/y\"}",
            .. lines[4..],
        ]);
    }

    private static string Latin1(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    private string Write(string name, string text)
    {
        string directory = _dir.File(name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "trace.jsonl"), text);
        return directory;
    }
}
