namespace Sysrec.Tests.Integration;

/// <summary>A recording whose disk fills up, on a 256 KiB tmpfs of the test's own.</summary>
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
        long lines = RawTrace.Scan(trace, (_, _, _, comm) =>
            Assert.True(comm.SequenceEqual("sr_disk_full"u8), $"a line of '{RawTrace.Show(comm)}', not the workload"));
        Assert.True(lines > 1000, $"only {lines} lines kept of a 256 KiB disk");
    }
}
