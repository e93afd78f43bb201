namespace Sysrec.Tests.Integration;

/// <summary>The real tracer, loaded into the running kernel, against workloads whose syscalls are known.</summary>
[Collection(KernelCollection.Name)]
public sealed class RecordTests
{
    private static readonly long SchedYield = Nr.SchedYield;
    private static readonly long Getppid = Nr.Getppid;
    private const int Calls = 5000;

    [Fact]
    public void NamedProgramIsRecordedExactlyBetweenItsMarkers()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_getppid");
        int pid;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "/some/where/sr_getppid"))
        {
            pid = Workloads.RunToEnd(workload, Calls.ToString());
            result = recorder.Stop();
        }

        Assert.Equal(0, result.ExitCode);
        var trace = TraceFile.Read(dir.File("trace.log"));
        List<long> calls = trace.SyscallsOf(pid);
        int start = calls.IndexOf(SchedYield);
        int end = calls.LastIndexOf(SchedYield);
        Assert.True(start >= 0 && end > start, "markers missing");
        Assert.Equal(Enumerable.Repeat(Getppid, Calls), calls.Skip(start + 1).Take(end - start - 1));
        Assert.All(trace.Where(e => e.Pid == pid), e => Assert.Equal("sr_getppid", e.Comm));
        Assert.Contains("0 dropped", result.Stderr);
    }

    [Fact]
    public void ProcessNotOnTheListIsAbsent()
    {
        using var dir = new TempDirectory();
        string listed = Workloads.Build("getppid_loop.c", "sr_listed");
        string unlisted = Workloads.Build("getppid_loop.c", "sr_unlisted");
        int listedPid, unlistedPid;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "sr_listed", "sr_other"))
        {
            unlistedPid = Workloads.RunToEnd(unlisted, "100");
            listedPid = Workloads.RunToEnd(listed, "100");
            Assert.Equal(0, recorder.Stop().ExitCode);
        }

        var trace = TraceFile.Read(dir.File("trace.log"));
        Assert.Empty(trace.SyscallsOf(unlistedPid));
        Assert.Equal(100, trace.SyscallsOf(listedPid).Count(id => id == Getppid));
        Assert.All(trace, e => Assert.Equal("sr_listed", e.Comm));
    }

    [Fact]
    public void EverythingModeRecordsAnUnrelatedProcess()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_anything");
        int pid = 0;
        Recording recording = Recording.While(["*"], () => pid = Workloads.RunToEnd(workload, "300"));

        Assert.Equal([300], MarkerBlocks.In(recording.Entries.SyscallsOf(pid)));
        // Trace-all counts no tasks, and says so rather than "0 tasks traced".
        Assert.Matches(@"sysrec: \d+ events written to .*, 0 dropped; every task traced\n", recording.Recorder.Stderr);
    }

    [Theory]
    [InlineData(RecorderProcess.SIGINT)]
    [InlineData(RecorderProcess.SIGTERM)]
    public void StopSignalLeavesACompleteTraceAndAnHonestCount(int signal)
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_signal");
        using var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "*");
        using var busy = System.Diagnostics.Process.Start(workload, "100000000")!;
        // Stopped in the middle of the storm, once its calls are reaching the file.
        var growing = new GrowingTrace(dir.File("trace.log"));
        Eventually.Holds(() => growing.Count($"{busy.Id}:{Getppid}:") >= 1000, "the busy process's calls in the trace");
        CommandResult result = recorder.Stop(signal);
        busy.Kill();

        Assert.Equal(0, result.ExitCode);
        var trace = TraceFile.Read(dir.File("trace.log"));
        List<long> calls = trace.SyscallsOf(busy.Id);
        // Cut off mid-storm: after its opening marker, nothing but getppid.
        int start = calls.IndexOf(SchedYield);
        Assert.True(start >= 0 && calls.Skip(start + 1).All(id => id == Getppid) && calls.Count - start - 1 >= 1000,
            $"not the storm's opening marker and only getppid after it: {string.Join(' ', calls.Take(start + 10))} ...");
        Assert.Matches($@"sysrec: {trace.Count} events written to .*trace\.log, \d+ dropped", result.Stderr);
    }

    [Fact]
    public void DesignEntryPointsWriteTraceLogAndEchoIt()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_design");
        int pid;
        CommandResult result;
        using (var recorder = RecorderProcess.Start(dir.Path, Path.Combine(Repository.Root, "loader_and_logger"), "/usr/bin/sr_design"))
        {
            pid = Workloads.RunToEnd(workload, "50");
            result = recorder.Stop();
        }

        string log = File.ReadAllText(dir.File("trace.log"));
        Assert.Equal(log, result.Stdout);
        Assert.Contains($"{pid}:{Getppid}:sr_design\n", log);

        CommandResult split = Run.Command(Path.Combine(Repository.Root, "formatter"), ["trace.log"], dir.Path);
        Assert.Equal(0, split.ExitCode);
        string ids = File.ReadAllText(dir.File($"sr_design:{pid}.log"));
        Assert.Equal(TraceFile.Read(dir.File("trace.log")).SyscallsOf(pid), ids.Split(' ').Select(long.Parse));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCollection
{
    public const string Name = "kernel";
}
