namespace Sysrec.Tests.Integration;

/// <summary>A recording whose disk fills up, on a small tmpfs of the test's own.</summary>
[Collection(KernelCollection.Name)]
public sealed class DiskFullTests
{
    [Fact]
    public void AFullDiskStopsTheRecorderWithAClearErrorDetachedAndOnAWholeLine()
    {
        using var disk = new TmpfsMount("256k");
        using var dir = new TempDirectory();
        string trace = disk.File("trace.log");
        string workload = Workloads.Build("getppid_loop.c", "sr_disk_full");
        CommandResult result;
        BpfIds held;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", trace, "sr_disk_full"))
        {
            held = BpfObjects.HeldBy(recorder.Id);
            Assert.NotEmpty(held.Links);
            // About 2.5 MB of lines for 256 KiB of room.
            Workloads.RunToEnd(workload, "100000");
            result = recorder.WaitForExit(TimeSpan.FromSeconds(30));
        }

        string error = ErrorOutput.AssertOneLine(result, exitCode: 1);
        Assert.StartsWith($"sysrec: cannot write {trace}: ", error);
        Assert.Contains("No space left", error);
        BpfIds left = BpfObjects.AwaitGone(held, TimeSpan.FromSeconds(5));
        Assert.True(left.IsEmpty, $"the failed recorder's BPF objects are still loaded: {left}");
        Assert.True(new FileInfo(trace).Length > 0, "the trace is empty: nothing was kept of what fitted");
        RawTrace.Scan(trace, (_, _, _, comm) =>
            Assert.True(comm.SequenceEqual("sr_disk_full"u8), $"a line of '{RawTrace.Show(comm)}', not the workload"));
        AssertFullToTheLastLineThatFit(disk, trace, [.. RawTrace.Read(trace).Select(e => e.SyscallId)]);
    }

    [Theory]
    [InlineData("text", "256k")]
    [InlineData("jsonl", "256k")]
    [InlineData("jsonl", "2M")]
    public void AFullDiskEndsTheTraceWithTheLastWholeLineThatFitInEitherFormat(string format, string size)
    {
        using var disk = new TmpfsMount(size);
        using var dir = new TempDirectory();
        string trace = disk.File("trace.log");
        string workload = Workloads.Build("getppid_loop.c", "sr_disk_fill");
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", trace, "--format", format, "sr_disk_fill"))
        {
            // Megabytes of lines, in both formats, for at most 2 MiB of room.
            Workloads.RunToEnd(workload, "300000");
            result = recorder.WaitForExit(TimeSpan.FromSeconds(30));
        }

        Assert.Contains("No space left", ErrorOutput.AssertOneLine(result, exitCode: 1));
        AssertFullToTheLastLineThatFit(disk, trace, format == "text"
            ? [.. RawTrace.Read(trace).Select(e => e.SyscallId)]
            : [.. JsonlTrace.Parse(File.ReadAllText(trace)).Select(e => e.Nr)]);
    }

    [Fact]
    public void UnderRunAFullDiskStopsTheRecordingAndSysrecWaitsForTheCommand()
    {
        using var disk = new TmpfsMount("256k");
        using var dir = new TempDirectory();
        string trace = disk.File("trace.log");
        string workload = Workloads.Build("getppid_loop.c", "sr_disk_run");
        string done = dir.File("done");
        // The command goes on after the disk has filled, then notes whether sysrec is still there to wait
        // for it (its parent, or init once sysrec has gone) and exits with a code of its own.
        string command = $"{workload} 100000; sleep 1; [ \"$(cat /proc/$PPID/comm)\" = sysrec ] && echo > {done}; exit 3";
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-q", "-f", "-o", trace, "--", "sh", "-c", command], dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(File.Exists(done), $"sysrec did not wait for its command: {result.Stderr}");
        Assert.Equal(1, result.ExitCode);
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"sysrec: cannot write {trace}: No space left on device. It ends with the last whole line", lines[0]);
        Assert.Matches(@"^sysrec: recording stopped; waiting for sh \(pid [0-9]+\) to exit$", lines[1]);
        Assert.Equal("sysrec: sh exited with code 3", lines[2]);
        List<RawTraceEntry> kept = RawTrace.Read(trace);
        // The shell waits in wait4 while its child runs: the cut comes in the child's getppid loop.
        AssertFullToTheLastLineThatFit(disk, trace, [.. kept.Where(e => e.Pid == kept[^1].Pid).Select(e => e.SyscallId)]);
    }

    /// <summary>
    /// The trace kept every line that fitted, and only whole ones: it fills the disk to within its longest
    /// line, and holds the workload's calls from its start to the cut, which comes in its getppid loop.
    /// </summary>
    private static void AssertFullToTheLastLineThatFit(TmpfsMount disk, string trace, IReadOnlyList<long> calls)
    {
        long capacity = new DriveInfo(disk.Path).TotalSize;
        long length = new FileInfo(trace).Length;
        int longest = File.ReadLines(trace).Select(line => System.Text.Encoding.UTF8.GetByteCount(line) + 1).DefaultIfEmpty(0).Max();
        Assert.True(length > capacity - longest, $"{length} bytes kept on a disk of {capacity}, where a line of {longest} bytes more fitted");
        int start = calls.ToList().IndexOf(Nr.SchedYield);
        Assert.True(start >= 0 && calls.Skip(start + 1).All(call => call == Nr.Getppid) && calls.Count - start > 1,
            $"the trace does not end in the workload's getppid loop: {string.Join(' ', calls.TakeLast(10))}");
    }
}
