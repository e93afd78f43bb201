namespace Sysrec.Tests.Integration;

/// <summary>The other ways a recording ends: a hangup, a reader that goes away, and a kill it cannot see coming.</summary>
[Collection(KernelCollection.Name)]
public sealed class StopTests
{
    [Fact]
    public void SighupEndsTheRecordingCleanlyWithEverythingWritten()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_hangup");
        using var dir = new TempDirectory();
        int pid;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "sr_hangup"))
        {
            pid = Workloads.RunToEnd(workload, "3000");
            result = recorder.Stop(RecorderProcess.SIGHUP);
        }

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode} after SIGHUP: {result.Stderr}");
        RecorderSummary summary = RecorderSummary.Parse(result.Stderr);
        List<RawTraceEntry> trace = RawTrace.Read(dir.File("trace.log"));
        Assert.Equal(summary.Events, trace.Count);
        Assert.Equal([3000], MarkerBlocks.In([.. trace.Where(e => e.Pid == pid).Select(e => e.SyscallId)]));
        Assert.Equal(Nr.ExitGroup, trace.Last(e => e.Pid == pid).SyscallId);
    }

    [Fact]
    public void EchoingIntoHeadEndsByItselfWhenHeadIsDone()
    {
        using var dir = new TempDirectory();
        string trace = dir.File("trace.log");
        string exitCodeFile = dir.File("recorder-exit-code");
        // sh only reports the last command of a pipeline, so the recorder writes down its own exit code.
        string pipeline = "{ \"$0\" record -o \"$1\" '*'; echo $? > \"$2\"; } | head -1";
        // Ending by itself is the point; the bound is only there to fail a recorder that never does.
        CommandResult result = Run.Command("/bin/sh", ["-c", pipeline, Repository.Sysrec, trace, exitCodeFile], dir.Path, Eventually.Bound);

        Assert.Equal("0", File.ReadAllText(exitCodeFile).Trim());
        Assert.DoesNotContain("   at ", result.Stderr);
        RecorderSummary summary = RecorderSummary.Parse(result.Stderr);
        string[] lines = File.ReadAllLines(trace);
        Assert.Equal(summary.Events, RawTrace.Scan(trace));
        Assert.Equal(lines[0] + "\n", result.Stdout);
    }

    [Fact]
    public void KillNineLeavesNoneOfTheRecordersBpfProgramsOrLinksBehind()
    {
        using var dir = new TempDirectory();
        BpfIds held;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "*"))
        {
            held = BpfObjects.HeldBy(recorder.Id);
            Assert.NotEmpty(held.Links);
            Assert.NotEmpty(held.Programs);
            // Proof that the ids are read right: the kernel lists every one of them while the recorder lives.
            Assert.Equal(held, BpfObjects.StillLoaded(held));
            result = recorder.Stop(RecorderProcess.SIGKILL);
        }

        Assert.Equal(128 + RecorderProcess.SIGKILL, result.ExitCode);
        BpfIds left = BpfObjects.AwaitGone(held, Eventually.Bound);
        Assert.True(left.IsEmpty, $"still loaded after the recorder was killed: {left}");
    }

    [Fact]
    public void SigintStopsARecorderThatAScriptStartedInTheBackground()
    {
        // A non-interactive shell starts a background job with SIGINT ignored; the recorder must stop on it
        // anyway. The script waits at most 10 s for it, then ends it with SIGTERM and says so.
        string workload = Workloads.Build("getppid_loop.c", "sr_background");
        using var dir = new TempDirectory();
        string trace = dir.File("trace.log");
        string script = """
            "$0" record -q -o "$1" sr_background 2>"$1.err" &
            recorder=$!
            for i in $(seq 600); do grep -q recording "$1.err" && break; sleep 0.05; done
            "$2" 40
            kill -INT $recorder
            for i in $(seq 100); do kill -0 $recorder 2>/dev/null || break; sleep 0.1; done
            kill -0 $recorder 2>/dev/null && { echo "still running after SIGINT"; kill -TERM $recorder; }
            wait $recorder
            echo "exit $?"
            """;
        CommandResult result = Run.Command("/bin/sh", ["-c", script, Repository.Sysrec, trace, workload], dir.Path, TimeSpan.FromSeconds(60));

        Assert.Equal("exit 0", result.Stdout.Trim());
        RecorderSummary summary = RecorderSummary.Parse(File.ReadAllText(trace + ".err"));
        Assert.Equal(summary.Events, RawTrace.Scan(trace));
        Assert.Equal([40], MarkerBlocks.In([.. RawTrace.Read(trace).Select(e => e.SyscallId)]));
    }
}
