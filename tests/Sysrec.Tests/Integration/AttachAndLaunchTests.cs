namespace Sysrec.Tests.Integration;

/// <summary>
/// Processes that exist before the recorder does: those already running when it attaches (listed, or
/// chosen by --pid), and the command `sysrec run` starts itself, which must be traced from its first call.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class AttachAndLaunchTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARunningProcessIsTracedFromTheMomentRecordingStarts(bool chosenByPid)
    {
        string workload = Workloads.Build("await_line.c", chosenByPid ? "sr_running_pid" : "sr_running");
        using var running = InteractiveWorkload.StartWaiting(workload, "200");
        string[] selection = chosenByPid ? ["--pid", running.Pid.ToString()] : ["sr_running"];
        var trace = Recording.While(selection, () =>
        {
            running.SendLine();
            running.WaitForSuccess();
        }).Entries;

        // It sat in read() when recording began, so everything it did after is recorded and nothing before.
        long[] expected = [Nr.SchedYield, .. Enumerable.Repeat(Nr.Getppid, 200), Nr.SchedYield, Nr.ExitGroup];
        Assert.Equal(expected, trace.SyscallsOf(running.Pid));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APidsLaterChildIsTracedAndWithFollowKeptThroughAnUnlistedExec(bool follow)
    {
        string parent = Workloads.Build("await_line.c", "sr_pid_parent");
        string program = Workloads.Build("getppid_loop.c", "sr_pid_child");
        using var running = InteractiveWorkload.StartWaiting(parent, "20", program, "60");
        string[] byPid = ["--pid", running.Pid.ToString()];
        string[] output = [];
        var trace = Recording.While(follow ? [.. byPid, "--follow"] : byPid, () =>
        {
            running.SendLine();
            output = running.WaitForSuccess();
        }).Entries;

        int child = int.Parse(Assert.Single(output));
        Assert.Equal([20], MarkerBlocks.In(trace.SyscallsOf(running.Pid)));
        List<long> calls = trace.SyscallsOf(child);
        int exec = calls.IndexOf(Nr.Execve);
        Assert.True(exec >= 0, $"the child's execve is missing: {string.Join(' ', calls)}");
        if (follow)
        {
            Assert.Equal([60], MarkerBlocks.In(calls));
            Assert.All(trace.Where(e => e.Pid == child).Skip(exec + 1), e => Assert.Equal("sr_pid_child", e.Comm));
        }
        else
        {
            // Without --follow the unlisted program ends its tracing at the exec.
            Assert.Equal(exec, calls.Count - 1);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AProcessBusyWithSyscallsWhenRecordingStartsIsTraced(bool chosenByPid)
    {
        // The BPF program keeps a verdict per CPU on the last thread it saw there; a thread that never
        // leaves its CPU is only judged again if the recorder says it marked threads.
        string workload = Workloads.Build("storm.c", chosenByPid ? "sr_busy_pid" : "sr_busy");
        using var running = InteractiveWorkload.Start(workload, "syscall", "60");
        Eventually.Holds(() => ProcessCpu.Ticks(running.Pid) >= 10, "the storm to be busy in its loop");
        string[] selection = chosenByPid ? ["--pid", running.Pid.ToString()] : ["sr_busy"];
        var trace = Recording.While(selection, (_, path) =>
        {
            var growing = new GrowingTrace(path);
            Eventually.Holds(() => growing.Count($"{running.Pid}:{Nr.Getppid}:") > 10_000, "10,000 of the busy process's calls in the trace");
        }).Entries;

        Assert.All(trace.SyscallsOf(running.Pid), nr => Assert.Equal(Nr.Getppid, nr));
    }

    [Fact]
    public void RunRecordsTheCommandFromItsFirstSyscall()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_launched");
        List<long> groundTruth = Strace.SyscallsAfterExec(workload, "50");
        var recording = Recording.OfCommand([], workload, "50");

        AssertExitCode(0, recording);
        var trace = recording.Entries;
        int pid = Assert.Single(trace.Select(e => e.Pid).Distinct());
        List<long> calls = trace.SyscallsOf(pid);
        // The dynamic loader's brk comes first; a recorder that attached late would miss it.
        Assert.Equal(Nr.Brk, calls[0]);
        Assert.Equal(groundTruth, calls);
        Assert.Equal([50], MarkerBlocks.In(calls));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void RunExitsWithTheCommandsExitCode(int exitCode)
    {
        var recording = Recording.OfCommand(["--format", "jsonl"], "sh", "-c", $"exit {exitCode}");

        AssertExitCode(exitCode, recording);
        Assert.Equal((Nr.ExitGroup, (ulong)exitCode), (recording.JsonlEntries[^1].Nr, recording.JsonlEntries[^1].Args[0]));
    }

    [Fact]
    public void RunWithFollowRecordsTheCommandsChildren()
    {
        string first = Workloads.Build("getppid_loop.c", "sr_run_first");
        string second = Workloads.Build("getppid_loop.c", "sr_run_second");
        var recording = Recording.OfCommand(["--follow"], "sh", "-c", $"{first} 11; {second} 13");

        AssertExitCode(0, recording);
        var trace = recording.Entries;
        foreach ((string comm, int calls) in new[] { ("sr_run_first", 11), ("sr_run_second", 13) })
        {
            int pid = Assert.Single(trace.Where(e => e.Comm == comm).Select(e => e.Pid).Distinct());
            Assert.Equal([calls], MarkerBlocks.In(trace.Where(e => e.Pid == pid && e.Comm == comm).Select(e => e.SyscallId).ToList()));
        }
    }

    [Fact]
    public void RunKeepsTheCommandTracedThroughItsOwnExecsButNotItsChildrensWithoutFollow()
    {
        string wrapped = Workloads.Build("getppid_loop.c", "sr_run_wrapped");
        string child = Workloads.Build("getppid_loop.c", "sr_run_child");
        // A wrapper that starts a child, then execs the real program, as launch scripts do.
        var recording = Recording.OfCommand([], "sh", "-c", $"{child} 7; exec {wrapped} 17");

        AssertExitCode(0, recording);
        var trace = recording.Entries;
        int pid = Assert.Single(trace.Where(e => e.Comm == "sr_run_wrapped").Select(e => e.Pid).Distinct());
        Assert.Contains(trace, e => e.Pid == pid && e.Comm == "sh");
        Assert.Equal([17], MarkerBlocks.In(trace.Where(e => e.Comm == "sr_run_wrapped").Select(e => e.SyscallId).ToList()));
        Assert.DoesNotContain(trace, e => e.Comm == "sr_run_child");
    }

    private static void AssertExitCode(int expected, Recording recording) =>
        Assert.True(recording.Recorder.ExitCode == expected,
            $"sysrec run exited with {recording.Recorder.ExitCode}, expected {expected}: {recording.Recorder.Stderr}");
}
