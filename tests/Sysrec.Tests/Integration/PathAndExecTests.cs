using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>
/// --paths (the path arguments of file syscalls, read in the kernel at entry) and the exec events of
/// JSON Lines, on real recordings: exactly the paths a workload passed, on the calls it passed them to.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class PathAndExecTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void EachFileSyscallCarriesExactlyThePathsItWasGiven(bool i386, bool withExit)
    {
        if (i386)
            Assert.SkipUnless(Workloads.CanRun32Bit(), "cc -m32 cannot build or this kernel cannot run a 32-bit program (gcc-multilib, IA32 emulation)");
        string name = i386 ? "sr_paths32" : "sr_paths";
        string workload = Workloads.Build("path_calls.c", name, i386 ? ["-m32"] : []);
        using var dir = new TempDirectory();
        int pid = 0;
        var trace = Recording.While(["--paths", .. withExit ? ["--exit"] : Array.Empty<string>(), name],
            () => pid = Workloads.RunToEnd(workload, dir.Path), Recording.Jsonl).JsonlEntries;

        string file = $"{dir.Path}/file", renamed = $"{dir.Path}/renamed", odd = $"{dir.Path}/d\u00e9\"q";
        string exact = (dir.Path + "/").PadRight(255, 'x'), cut = (dir.Path + "/").PadRight(255, 'y');
        (string, string?[]?, int[])[] expected =
        [
            ("openat", [file], []),
            ("close", null, []),
            (i386 ? "fstatat64" : "newfstatat", [file], []),
            ("renameat", [file, renamed], []),
            ("mkdirat", [odd], []),
            ("unlinkat", [odd], []),
            ("openat", [exact], []),
            ("openat", [cut], [0]),
            ("openat", [null], []),
            ("unlinkat", [renamed], []),
        ];
        var calls = Between(trace.Where(e => e.Pid == pid).ToList(), i386);
        Assert.Equal(expected.Length, calls.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            (string syscall, string?[]? paths, int[] truncated) = expected[i];
            Assert.Equal(syscall, calls[i].Name);
            Assert.Equal(paths, calls[i].Paths);
            Assert.Equal(truncated, calls[i].PathsTruncated);
        }
    }

    [Fact]
    public void WithoutPathsNoLineHasThem()
    {
        string workload = Workloads.Build("path_calls.c", "sr_no_paths");
        using var dir = new TempDirectory();
        int pid = 0;
        var trace = Recording.While(["sr_no_paths"], () => pid = Workloads.RunToEnd(workload, dir.Path), Recording.Jsonl).JsonlEntries;

        var calls = Between(trace.Where(e => e.Pid == pid).ToList(), i386: false);
        Assert.Equal(10, calls.Count);
        Assert.All(trace, e => Assert.Null(e.Paths));
    }

    [Fact]
    public void PathsNeedJsonLines()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "--paths", "-o", dir.File("t.log"), "--", "/bin/true"], dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: --paths: path strings need --format jsonl", result.Stderr);
        Assert.False(File.Exists(dir.File("t.log")));
    }

    [Fact]
    public void EachTracedExecIsAnEventNamingTheFileExecd()
    {
        string first = Workloads.Build("block_then_exec.c", "sr_exec_first");
        string second = Workloads.Build("block_then_exec.c", "sr_exec_second");
        var recording = Recording.OfCommand(["--format", "jsonl"], first, "5", second, "6");
        Assert.Equal(0, recording.Recorder.ExitCode);

        var calls = recording.JsonlEntries;
        int pid = calls.First(e => e.Comm == "sr_exec_first").Pid;
        Assert.Equal([5, 6], MarkerBlocks.In([.. calls.Where(e => e.Pid == pid).Select(e => e.Nr)]));
        Assert.Equal([(pid, pid, "sr_exec_first", first), (pid, pid, "sr_exec_second", second)],
            recording.Execs.Select(e => (e.Pid, e.Tid, e.Comm, e.Exe)));
        // Each comes between the last call of the program before and the first of the one after.
        ulong secondExec = recording.Execs[1].TsNs;
        Assert.All(calls.Where(e => e.Comm == "sr_exec_first"), e => Assert.True(e.TsNs < secondExec));
        Assert.All(calls.Where(e => e.Comm == "sr_exec_second"), e => Assert.True(e.TsNs > secondExec));
    }

    [Fact]
    public void UnderEverythingAnExecIsAnEventToo()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_star_exec");
        int pid = 0;
        var recording = Recording.While(["--buffer-size", "256M", "*"], () => pid = Workloads.RunToEnd(workload, "10"), Recording.Jsonl);

        Assert.Equal([(pid, "sr_star_exec", workload)], recording.Execs.Where(e => e.Pid == pid).Select(e => (e.Tid, e.Comm, e.Exe)));
    }

    [Fact]
    public void AProcessTracedSinceBeforeTheRecordingHasAnExecLineFromProc()
    {
        string workload = Workloads.Build("await_line.c", "sr_exec_running");
        using var running = InteractiveWorkload.StartWaiting(workload, "7");
        var recording = Recording.While(["-p", running.Pid.ToString()], () =>
        {
            running.SendLine();
            running.WaitForSuccess();
        }, Recording.Jsonl);

        ExecEvent exec = Assert.Single(recording.Execs);
        Assert.Equal((running.Pid, running.Pid, "sr_exec_running", workload, false), (exec.Pid, exec.Tid, exec.Comm, exec.Exe, exec.ExeTruncated));
        var calls = recording.JsonlEntries.Where(e => e.Pid == running.Pid).ToList();
        Assert.Equal([7], MarkerBlocks.In([.. calls.Select(e => e.Nr)]));
        Assert.All(calls, e => Assert.True(e.TsNs > exec.TsNs, "a call before the exec line's time"));
        // The exec line comes first, after only the clock event every jsonl file starts with.
        Assert.StartsWith("{\"ts_ns\":", recording.Trace);
        Assert.Contains("\"event\":\"clock\"", recording.Trace.Split('\n')[0]);
        Assert.Contains("\"event\":\"exec\"", recording.Trace.Split('\n')[1]);
    }

    [Fact]
    public void StatsAndSeccompCountTheSameSyscallsWithOrWithoutTheExecLines()
    {
        string first = Workloads.Build("block_then_exec.c", "sr_exec_first");
        string second = Workloads.Build("block_then_exec.c", "sr_exec_second");
        var recording = Recording.OfCommand(["--format", "jsonl", "--exit", "--paths"], first, "5", second, "6");
        Assert.Equal(2, recording.Execs.Count);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("with.jsonl"), recording.Trace);
        File.WriteAllLines(dir.File("without.jsonl"), recording.Trace.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(IsSyscall));

        foreach (string[] command in (string[][])[["stats", "--format", "json", "--per-process"], ["seccomp"]])
        {
            CommandResult with = Run.Command(Repository.Sysrec, [.. command, "with.jsonl"], dir.Path);
            CommandResult without = Run.Command(Repository.Sysrec, [.. command, "without.jsonl"], dir.Path);
            Assert.True(with.ExitCode == 0, with.Stderr);
            Assert.True(without.ExitCode == 0, without.Stderr);
            Assert.Equal(without.Stdout, with.Stdout);
        }
        CommandResult stats = Run.Command(Repository.Sysrec, ["stats", "--format", "json", "with.jsonl"], dir.Path);
        using JsonDocument counts = JsonDocument.Parse(stats.Stdout);
        Assert.Equal(recording.JsonlEntries.Count, counts.RootElement.GetProperty("total").GetProperty("calls").GetInt32());
    }

    private static bool IsSyscall(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return !document.RootElement.TryGetProperty("event", out _);
    }

    /// <summary>The calls between the workload's marker block of 3 and its block of 4.</summary>
    private static List<JsonlEntry> Between(List<JsonlEntry> calls, bool i386)
    {
        long marker = i386 ? Nr.I386SchedYield : Nr.SchedYield;
        Assert.Equal([3, 4], MarkerBlocks.In([.. calls.Select(e => e.Nr)], marker, i386 ? Nr.I386Getppid : Nr.Getppid));
        int[] markers = [.. Enumerable.Range(0, calls.Count).Where(i => calls[i].Nr == marker)];
        return calls[(markers[1] + 1)..markers[2]];
    }
}
