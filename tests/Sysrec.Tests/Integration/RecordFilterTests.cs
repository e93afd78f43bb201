namespace Sysrec.Tests.Integration;

/// <summary>
/// record -e, the filter in the kernel: exactly the calls chosen, by name, number, table and class, and
/// nothing else from the traced process; for classes and '!', the calls strace shows under the same
/// expression on the very same run.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RecordFilterTests
{
    [Fact]
    public void ANameKeepsThatSyscallAndNothingElse()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_filter_name");
        int pid = 0;
        var trace = Recording.While(["-e", "getppid", "sr_filter_name"], () => pid = Workloads.RunToEnd(workload, "300")).Entries;

        Assert.Equal(Enumerable.Repeat(Nr.Getppid, 300), trace.SyscallsOf(pid));
        Assert.All(trace, e => Assert.Equal(pid, e.Pid));
    }

    [Fact]
    public void SeveralNamesKeepTheWholeMarkerBlockAndNothingAroundIt()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_filter_names");
        int pid = 0;
        var trace = Recording.While(["-e", "trace=sched_yield,getppid", "sr_filter_names"], () => pid = Workloads.RunToEnd(workload, "300")).Entries;

        Assert.Equal([Nr.SchedYield, .. Enumerable.Repeat(Nr.Getppid, 300), Nr.SchedYield], trace.SyscallsOf(pid));
    }

    /// <summary>The workload makes one native getpid, then 200 i386 getpid (i386/20) through int $0x80; native 20 is another call.</summary>
    [Theory]
    [InlineData("getpid", true, true)]
    [InlineData("i386/20", false, true)]
    [InlineData("i386/getpid", false, true)]
    [InlineData("20", false, false)]
    public void ATableAndNumberKeepOnlyThatTablesCall(string expression, bool native, bool i386)
    {
        string workload = Workloads.Build("int80_getpid.c", "sr_filter_i386");
        int pid = 0;
        var trace = Recording.While(["-e", expression, "sr_filter_i386"], () => pid = Workloads.RunToEnd(workload, "200")).Entries;

        (string, long)[] expected = [.. native ? [(TraceFile.NativeAbi, Nr.Getpid)] : Array.Empty<(string, long)>(),
            .. i386 ? Enumerable.Repeat((TraceFile.I386Abi, Nr.I386Getpid), 200) : []];
        Assert.Equal(expected, trace.Where(e => e.Pid == pid).Select(e => (e.Abi, e.SyscallId)));
    }

    [Theory]
    [InlineData("%process")]
    [InlineData("%desc")]
    [InlineData("%file,%memory")]
    [InlineData("!%memory,getppid")]
    [InlineData("trace=!%file")]
    public void AClassOrItsNegationKeepsTheCallsStraceShowsOnTheSameRun(string expression)
    {
        string workload = Workloads.Build("returns_mix.c", "sr_filter_class");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("decoy"), "hello world\n");
        Dictionary<int, List<StracedCall>> strace = [];
        var trace = Recording.While(["-e", expression, "sr_filter_class"],
            () => strace = StraceLog.Run(["-e", expression.StartsWith("trace=", StringComparison.Ordinal) ? expression : $"trace={expression}"], dir.Path, [workload, "decoy"])).Entries;

        Assert.True(strace.Values.Sum(calls => calls.Count) >= 5, $"too few calls under {expression} to tell");
        foreach ((int pid, List<StracedCall> calls) in strace)
        {
            // strace shows the execve that started the program when the expression takes it; sysrec starts after it.
            IEnumerable<StracedCall> expected = calls.Count > 0 && calls[0].Name == "execve" ? calls[1..] : calls;
            Assert.Equal(expected.Select(call => call.Nr), trace.SyscallsOf(pid));
        }
        Assert.All(trace, e => Assert.Contains(e.Pid, strace.Keys));
    }
}
