namespace Sysrec.Tests.Integration;

/// <summary>
/// Which tasks the tracer follows: marking at a successful exec, inheritance by children and threads,
/// re-judging at every exec, and forgetting tasks that exit. Each workload's calls are known exactly,
/// so every test counts them rather than looking for a sample.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class TrackingTests
{
    private const int ENOENT = 2;
    private const int EACCES = 13;

    [Theory]
    [InlineData(ENOENT)]
    [InlineData(EACCES)]
    public void AFailedExecOfAListedNameMarksNothing(int errno)
    {
        using var dir = new TempDirectory();
        string listed = Workloads.Build("getppid_loop.c", "sr_target");
        string tryExec = Workloads.Build("exec_fails.c", "sr_exec_fails");
        string path = dir.File(errno == ENOENT ? "missing/sr_target" : "sr_target");
        if (errno == EACCES)
        {
            // Even root needs an execute bit to exec a file.
            File.Copy(listed, path);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        int failedPid = 0, listedPid = 0;
        var trace = Recording.While(["sr_target"], () =>
        {
            failedPid = Workloads.RunToEnd(tryExec, path, errno.ToString(), "100");
            // The same name exec'd successfully in the same recording: the list itself works.
            listedPid = Workloads.RunToEnd(listed, "100");
        }).Entries;

        Assert.Empty(trace.SyscallsOf(failedPid));
        Assert.Equal([100], MarkerBlocks.In(trace.SyscallsOf(listedPid)));
    }

    [Fact]
    public void ForkedChildrenAreTracedFromTheirFirstSyscall()
    {
        string forker = Workloads.Build("forker.c", "sr_forker");
        int[] children = [];
        var trace = Recording.While(["sr_forker"], () => children = Workloads.Numbers(Workloads.RunCapturing(forker, "5", "300").Output)).Entries;

        Assert.Equal(5, children.Distinct().Count());
        // glibc's fork re-registers the robust futex list in the child before returning: that is the child's first call.
        long[] expected = [Nr.SetRobustList, Nr.SchedYield, .. Enumerable.Repeat(Nr.Getppid, 300), Nr.SchedYield, Nr.ExitGroup];
        foreach (int child in children)
            Assert.Equal(expected, trace.SyscallsOf(child));
    }

    [Theory]
    [InlineData("sr_child_listed", true)]
    [InlineData("sr_child_other", false)]
    public void AChildThatExecsIsJudgedByTheListAgain(string program, bool listed)
    {
        string forker = Workloads.Build("forker.c", "sr_forker");
        string target = Workloads.Build("getppid_loop.c", program);
        int[] children = [];
        var trace = Recording.While(["sr_forker", "sr_child_listed"],
            () => children = Workloads.Numbers(Workloads.RunCapturing(forker, "5", "300", target, "40").Output)).Entries;

        Assert.Equal(5, children.Distinct().Count());
        foreach (int child in children)
        {
            List<long> calls = trace.SyscallsOf(child);
            int exec = calls.IndexOf(Nr.Execve);
            Assert.True(exec >= 0, $"child {child}'s execve is missing: {string.Join(' ', calls)}");
            Assert.Equal([300], MarkerBlocks.In(calls[..exec]));
            // The execve belongs to the forker's code that called it; what follows, to the new program.
            Assert.Equal(listed ? [40] : [], MarkerBlocks.In(calls[(exec + 1)..]));
            if (!listed)
                Assert.Equal(exec, calls.Count - 1);
        }
    }

    [Fact]
    public void EveryThreadIsRecordedUnderItsOwnTidAndTheProcessPid()
    {
        string workload = Workloads.Build("threads_getppid.c", "sr_threads", "-pthread");
        int pid = 0;
        int[] tids = [];
        var trace = Recording.While(["sr_threads"], () =>
        {
            (pid, string[] output) = Workloads.RunCapturing(workload, "4", "500");
            tids = Workloads.Numbers(output);
        }, Recording.Jsonl).JsonlEntries;

        Assert.Equal(4, tids.Distinct().Count());
        Assert.DoesNotContain(pid, tids);
        foreach (int tid in tids)
        {
            var calls = trace.Where(e => e.Tid == tid).ToList();
            Assert.All(calls, e => Assert.Equal(pid, e.Pid));
            Assert.Equal([500], MarkerBlocks.In([.. calls.Select(e => e.Nr)]));
        }
    }

    [Theory]
    [InlineData(false, new[] { 3, 7 }, new[] { "sr_chain_a", "sr_chain_c" })]
    [InlineData(true, new[] { 3, 5, 7 }, new[] { "sr_chain_a", "sr_chain_b", "sr_chain_c" })]
    public void AnExecChainIsRecordedWhileItRunsListedPrograms(bool follow, int[] expectedBlocks, string[] expectedComms)
    {
        // A (listed) execs B (unlisted), which execs C (listed), all in one pid; each makes its own block.
        string a = Workloads.Build("block_then_exec.c", "sr_chain_a");
        string b = Workloads.Build("block_then_exec.c", "sr_chain_b");
        string c = Workloads.Build("block_then_exec.c", "sr_chain_c");
        string[] listed = ["sr_chain_a", "sr_chain_c"];
        int pid = 0;
        var trace = Recording.While(follow ? ["--follow", .. listed] : listed, () => pid = Workloads.RunToEnd(a, "3", b, "5", c, "7")).Entries;

        List<long> calls = trace.SyscallsOf(pid);
        Assert.Equal(expectedBlocks, MarkerBlocks.In(calls));
        Assert.Equal(expectedComms, trace.Where(e => e.Pid == pid).Select(e => e.Comm).Distinct());
        // A's execve of B is A's; B's execve of C is B's, so recorded only when B is.
        Assert.Equal(follow ? 2 : 1, calls.Count(id => id == Nr.Execve));
    }

    [Fact]
    public void AnUnlistedProgramOnTheReusedPidOfAListedOneIsNotRecorded()
    {
        string listed = Workloads.Build("getppid_loop.c", "sr_reuse_old");
        string unlisted = Workloads.Build("getppid_loop.c", "sr_reuse_new");
        string placer = Workloads.Build("exec_at_pid.c", "sr_exec_at_pid");
        int listedPid = 0;
        (int ExitCode, string[] Output) placed = (-1, []);
        var trace = Recording.While(["sr_reuse_old"], () =>
        {
            listedPid = Workloads.RunToEnd(listed, "100");
            using var placing = InteractiveWorkload.Start(placer, listedPid.ToString(), unlisted, "100");
            placed = placing.WaitForExit();
        }).Entries;

        if (placed.ExitCode == 3)
            Assert.Skip($"no process could be given pid {listedPid} again through /proc/sys/kernel/ns_last_pid");
        Assert.Equal(0, placed.ExitCode);
        Assert.Equal([listedPid.ToString()], placed.Output);
        var onThatPid = trace.Where(e => e.Pid == listedPid).ToList();
        Assert.All(onThatPid, e => Assert.Equal("sr_reuse_old", e.Comm));
        Assert.Equal([100], MarkerBlocks.In(trace.SyscallsOf(listedPid)));
        Assert.Equal(Nr.ExitGroup, onThatPid[^1].SyscallId);
        Assert.DoesNotContain(trace, e => e.Comm == "sr_reuse_new");
    }

    [Fact]
    public void TwentyThousandShortLivedChildrenLeaveNoTracedTaskBehind()
    {
        string workload = Workloads.Build("fork_many.c", "sr_fork_many");
        var summary = Recording.While(["sr_fork_many"], () => Workloads.RunToEnd(workload, "20000")).Summary;

        Assert.True(summary.TasksTraced == 20001, $"{summary.TasksTraced} tasks traced for a process and its 20000 children");
        Assert.Equal(0L, summary.StillRunning);
    }
}
