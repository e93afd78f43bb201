using System.Diagnostics;

namespace Sysrec.Tests.Integration;

/// <summary>
/// A recording read from a pipe, as from <c>sysrec record ... | sysrec stats /dev/stdin</c>: the commands that read
/// it once give what they give for the saved file; the report, which reads it twice, says to save it first.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class PipedInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryCommandThatReadsOnceTakesARecordingFromAPipe()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_piped");
        File.WriteAllText(_dir.File("trace.jsonl"), Recording.While(["sr_piped"], () => Workloads.RunToEnd(workload, "50"), Recording.Jsonl).Trace);

        Assert.Equal(Sysrec("stats", "trace.jsonl", "--per-process"), Piped("stats /dev/stdin --per-process"));
        Assert.Equal(Sysrec("seccomp", "trace.jsonl"), Piped("seccomp /dev/stdin"));
        Assert.Equal(0, Sysrec("split", "trace.jsonl", "-d", "from-file").ExitCode);
        Assert.Equal(0, Piped("split /dev/stdin -d from-pipe").ExitCode);
        Assert.Equal(Contents("from-file"), Contents("from-pipe"));
        CommandResult export = Piped("export /dev/stdin -o piped.parquet");
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains(" calls exported to piped.parquet", export.Stderr);
    }

    [Fact]
    public void TheReportAsksForAFileInsteadOfAPipe()
    {
        File.WriteAllText(_dir.File("trace.jsonl"), NativeJsonl.Of("{\"ts_ns\":1,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"x86_64\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}\n"));

        string error = ErrorOutput.AssertOneLine(Piped("report /dev/stdin -o report.html"), exitCode: 2);

        Assert.Equal("sysrec: cannot read /dev/stdin: report reads the recording twice, and a pipe can be read only once. Save it to a file first", error);
        Assert.False(File.Exists(_dir.File("report.html")));
    }

    [Fact]
    public void CtrlCOnALiveRecordingPipedIntoStatsCountsEverythingRecorded()
    {
        // The README's example, ended as a terminal ends it: SIGINT to the pipeline's whole process group.
        // The shell outlives it (a trap) to say how stats ended; the recorder also writes trace.log.
        string workload = Workloads.Build("getppid_loop.c", "sr_live_stats");
        const string Script = "trap 'echo interrupted' INT; \"$0\" record --format jsonl sr_live_stats 2>recorder.err | \"$0\" stats /dev/stdin >stats.out; echo \"stats exit $?\"";
        using var pipeline = Process.Start(new ProcessStartInfo("setsid", ["/bin/sh", "-c", Script, Repository.Sysrec])
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
        })!;
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(_dir.File("recorder.err")) && File.ReadAllText(_dir.File("recorder.err")).Contains("recording")))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30) && !pipeline.HasExited, "the recorder did not start");
            Thread.Sleep(20);
        }
        Workloads.RunToEnd(workload, "300");
        // setsid made the shell a process group leader of its own: the group is the shell's pid.
        Assert.Equal(0, RecorderProcess.Kill(-pipeline.Id, RecorderProcess.SIGINT));
        Assert.True(pipeline.WaitForExit(TimeSpan.FromSeconds(30)), "the pipeline did not end after Ctrl-C");

        Assert.Equal("interrupted\nstats exit 0", pipeline.StandardOutput.ReadToEnd().Trim());
        // Every call the workload made on purpose reached stats, the last ones too: calls, errors, name.
        string[] rows = File.ReadAllLines(_dir.File("stats.out"));
        Assert.Equal(["1 - exit_group", "2 - sched_yield", "300 - getppid"], rows
            .Select(row => string.Join(' ', row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^3..]))
            .Where(row => row.EndsWith(" getppid") || row.EndsWith(" sched_yield") || row.EndsWith(" exit_group")).Order(StringComparer.Ordinal));
        Assert.Equal(Sysrec("stats", "trace.log").Stdout, File.ReadAllText(_dir.File("stats.out")));
    }

    private CommandResult Sysrec(params string[] arguments) => Run.Command(Repository.Sysrec, arguments, _dir.Path);

    /// <summary>`cat trace.jsonl | sysrec ARGUMENTS`.</summary>
    private CommandResult Piped(string arguments) =>
        Run.Command("/bin/sh", ["-c", $"cat trace.jsonl | '{Repository.Sysrec}' {arguments}"], _dir.Path);

    private Dictionary<string, string> Contents(string directory) =>
        Directory.GetFiles(_dir.File(directory)).ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
}
