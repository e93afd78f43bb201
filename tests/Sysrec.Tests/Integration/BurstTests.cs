namespace Sysrec.Tests.Integration;

/// <summary>
/// Syscalls as fast as a CPU makes them, from one process and from two at once, written to a trace on
/// tmpfs with the default settings: every call is recorded and nothing is dropped.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class BurstTests
{
    private const int Calls = 2_000_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task BurstsOfTwoMillionSyscallsAreRecordedWhole(int processes)
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_burst");
        using var dir = new TempDirectory("/dev/shm");
        int[] pids;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "sr_burst"))
        {
            Task<int>[] runs = [.. Enumerable.Range(0, processes).Select(_ => Task.Run(() => Workloads.RunToEnd(workload, Calls.ToString())))];
            pids = await Task.WhenAll(runs);
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(0, RecorderSummary.Parse(result.Stderr).Dropped);
        var trace = TraceFile.Read(dir.File("trace.log"));
        Assert.All(pids, pid => Assert.Equal([Calls], MarkerBlocks.In(trace.SyscallsOf(pid))));
    }
}
