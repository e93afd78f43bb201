namespace Sysrec.Tests.Integration;

/// <summary>
/// --exit on the real kernel: each call's <c>ret</c> and <c>dur_ns</c>, against what the workload knows
/// (getppid returns its parent's pid) and against strace watching the very same run.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ReturnValueTests
{
    [Fact]
    public void EveryGetppidReturnsTheParentsPidAndOnlyExitGroupHasNoReturn()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_ret_getppid");
        int pid = 0;
        var calls = Recording.While(["--exit", "sr_ret_getppid"], () => pid = Workloads.RunToEnd(workload, "500"), Recording.Jsonl)
            .JsonlEntries.Where(e => e.Pid == pid).ToList();

        Assert.Equal([500], MarkerBlocks.In([.. calls.Select(e => e.Nr)]));
        Assert.All(calls, call => Assert.True(call.WithExit, $"a line without ret and dur_ns under --exit: {call}"));
        // The test host started the workload: it is the parent getppid names.
        Assert.All(calls.Where(e => e.Nr == Nr.Getppid), call => Assert.Equal(Environment.ProcessId, call.Ret));
        Assert.All(calls[..^1], call => Assert.True(call.Ret is not null && call.DurNs > 0, $"a call that returned without a return or a duration: {call}"));
        Assert.Equal((Nr.ExitGroup, null, null), (calls[^1].Nr, calls[^1].Ret, calls[^1].DurNs));
    }

    [Fact]
    public void TheReturnsOfFailingOpensReadsAndAChildAreThoseStraceSeesOnTheSameRun()
    {
        string workload = Workloads.Build("returns_mix.c", "sr_returns");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("decoy"), "hello world\n");
        Dictionary<int, List<StracedCall>> strace = [];
        var trace = Recording.While(["--exit", "sr_returns"], () => strace = StraceLog.Run([], dir.Path, [workload, "decoy"]), Recording.Jsonl).JsonlEntries;

        Assert.Equal(2, strace.Count); // the workload and its child
        Assert.Equal(strace.Keys.Order(), trace.Select(e => e.Pid).Distinct().Order());
        foreach ((int pid, List<StracedCall> calls) in strace)
        {
            // strace shows the execve that started the program; sysrec's trace starts with the program's first call.
            var expected = (calls[0].Name == "execve" ? calls[1..] : calls).Select(call => (call.Nr, call.Name, call.Ret));
            var recorded = trace.Where(e => e.Pid == pid).ToList();
            Assert.Equal(expected, recorded.Select(e => (e.Nr, e.Name!, e.Ret)));
            Assert.All(recorded, call => Assert.Equal(call.Ret is not null, call.DurNs > 0));
        }
        // What the workload makes sure of, so the comparison is not of two empty lists.
        int main = strace.Single(process => process.Value[0].Name == "execve").Key;
        List<long?> mainReturns = [.. trace.Where(e => e.Pid == main && e.Name is "openat" or "close").Select(e => e.Ret)];
        Assert.Equal([-2, -20, 3, 0, -9], mainReturns.TakeLast(5));
    }
}
