using Sysrec.Analysis;
using Sysrec.Syscalls;
using Sysrec.Tests.Integration;
using Sysrec.Kernel;

namespace Sysrec.Tests.Analysis;

public sealed class StatsCollectorTests : IDisposable
{
    // This machine's numbers, from the product's tables: the same calls on every architecture.
    private static readonly long Read = Nr.Of("read"), Write = Nr.Of("write"), Openat = Nr.Of("openat"), ExitGroup = Nr.ExitGroup;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CountsCallsOfATextTraceAndKnowsNeitherErrorsNorTimes()
    {
        StatsReport report = Stats($"1:{Read}:a\n1:{Write}:a\n2:{Read}:b\n1:{Read}:a\n");

        Assert.Equal([("read", 3L), ("write", 1L)], report.Overall.Rows.Select(r => (r.Syscall.Label, r.Tally.Calls)));
        Assert.Equal(4, report.Overall.Total.Calls);
        Assert.False(report.Overall.Total.ErrorsKnown);
        Assert.False(report.Overall.Total.TimeKnown);
        Assert.False(report.Overall.ByTime);
        Assert.Equal(75.0, report.Overall.Percent(report.Overall.Rows[0].Tally));
        Assert.Null(report.Processes);
    }

    [Fact]
    public void CountsErrorsAndTimesFromReturnsAndDurations()
    {
        StatsReport report = Stats(
            Jsonl(1, "a", Read, ret: 5, dur: 1_000)
            + Jsonl(1, "a", Read, ret: -11, dur: 3_000)
            + Jsonl(1, "a", Openat, ret: -2, dur: 12_000)
            + Jsonl(1, "a", ExitGroup, ret: null, dur: null));

        SyscallTally read = Row(report.Overall, "read");
        Assert.Equal((2L, 1L, 4_000UL, 2_000UL), (read.Calls, read.Errors, read.TotalNs, read.MeanNs));
        SyscallTally exitGroup = Row(report.Overall, "exit_group");
        Assert.Equal(1, exitGroup.Calls);
        Assert.False(exitGroup.ErrorsKnown);
        Assert.False(exitGroup.TimeKnown);
        SyscallTally total = report.Overall.Total;
        Assert.Equal((4L, 2L, 16_000UL), (total.Calls, total.Errors, total.TotalNs));
        Assert.Equal(16_000UL / 3, total.MeanNs);
        Assert.True(report.Overall.ByTime);
        Assert.Equal(75.0, report.Overall.Percent(Row(report.Overall, "openat")));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(-4095, 1)]
    [InlineData(-4096, 0)]
    [InlineData(0, 0)]
    [InlineData(long.MinValue, 0)]
    public void AnErrorIsAReturnInTheKernelsErrnoRange(long ret, long errors)
    {
        // fcntl(F_GETOWN) returns a negative process group that is no error; strace counts the same way.
        StatsReport report = Stats(Jsonl(1, "a", Nr.Of("fcntl"), ret, dur: 1));
        Assert.Equal(errors, report.Overall.Total.Errors);
    }

    [Fact]
    public void SortsByTimeThenCallsThenTableOrder()
    {
        StatsReport report = Stats(
            Jsonl(1, "a", Write, 0, 10) + Jsonl(1, "a", Write, 0, 10)
            + Jsonl(1, "a", Read, 0, 50)
            + Jsonl(1, "a", Nr.Of("close"), 0, 0) + Jsonl(1, "a", Nr.Of("close"), 0, 0) + Jsonl(1, "a", Nr.Of("close"), 0, 0)
            + Jsonl(1, "a", Nr.Of("fstat"), 0, 0)
            + Jsonl(1, "a", Openat, 0, 0)
            + Jsonl(1, "a", ExitGroup, null, null) + Jsonl(1, "a", ExitGroup, null, null) + Jsonl(1, "a", ExitGroup, null, null));

        // fstat and openat tie: in the order of this machine's table.
        Assert.Equal(["read", "write", "close", "exit_group", .. new[] { "fstat", "openat" }.OrderBy(name => Nr.Of(name))],
            report.Overall.Rows.Select(r => r.Syscall.Label));
    }

    [Fact]
    public void TopKeepsTheFirstRowsButTheTotalCountsEverything()
    {
        StatsReport report = Stats($"1:{Read}:a\n1:{Read}:a\n1:{Read}:a\n1:{Write}:a\n1:{Write}:a\n1:{Nr.Of("close")}:a\n", top: 2);

        Assert.Equal(["read", "write"], report.Overall.Rows.Select(r => r.Syscall.Label));
        Assert.Equal(6, report.Overall.Total.Calls);
        Assert.Equal(50.0, report.Overall.Percent(report.Overall.Rows[0].Tally));
    }

    [Fact]
    public void ShowsI386CallsUnderTheirOwnTableAndUnknownNumbersAsNumbers()
    {
        // i386 20 is getpid, this machine's 20 another call: one number, two syscalls. Ties go in table order.
        StatsReport report = Stats("1:20:a\n1:i386/20:a\n1:i386/20:a\n1:i386/mmap2:a\n1:99999:a\n1:i386/99999:a\n");

        Assert.Equal(["i386/getpid", SyscallTable.Name(SyscallAbi.Native, 20)!, "99999", "i386/mmap2", "i386/99999"], report.Overall.Rows.Select(r => r.Syscall.Label));
    }

    [Fact]
    public void ExprCountsOnlyTheChosenSyscallsInEveryTable()
    {
        StatsReport report = Stats($"1:{Read}:a\n1:{Write}:a\n1:i386/mmap2:a\n1:{Nr.Of("mmap")}:a\n1:i386/3:a\n", filter: "trace=read,mmap2");

        Assert.Equal(["read", "i386/read", "i386/mmap2"], report.Overall.Rows.Select(r => r.Syscall.Label));
        Assert.Equal(3, report.Overall.Total.Calls);
    }

    [Fact]
    public void PerProcessGivesATableForEachCommAndPidMostCallsFirst()
    {
        // One pid under two comms (an exec in between) is two processes, as split has it.
        StatsReport report = Stats($"5:{Read}:sh\n6:{Read}:ls\n6:{Write}:ls\n5:{Write}:cat\n5:{Write}:cat\n5:{Nr.Of("close")}:cat\n7:{Read}:ls\n7:{Read}:ls\n", perProcess: true);

        Assert.NotNull(report.Processes);
        Assert.Equal([("cat", 5u, 3L), ("ls", 6u, 2L), ("ls", 7u, 2L), ("sh", 5u, 1L)],
            report.Processes.Select(p => (System.Text.Encoding.Latin1.GetString(p.Comm), p.Pid, p.Table.Total.Calls)));
        ProcessStats cat = report.Processes[0];
        Assert.Equal([("write", 2L), ("close", 1L)], cat.Table.Rows.Select(r => (r.Syscall.Label, r.Tally.Calls)));
        Assert.Equal(8, report.Overall.Total.Calls);
    }

    [Fact]
    public void PerProcessTablesKeepTheirOwnTimesAndTop()
    {
        StatsReport report = Stats(
            Jsonl(1, "a", Read, 0, 100) + Jsonl(1, "a", Write, 0, 300) + Jsonl(2, "b", Read, -9, 700), perProcess: true, top: 1);

        Assert.NotNull(report.Processes);
        StatsTable a = report.Processes.Single(p => p.Pid == 1).Table;
        Assert.Equal("write", Assert.Single(a.Rows).Syscall.Label);
        Assert.Equal(75.0, a.Percent(a.Rows[0].Tally));
        StatsTable b = report.Processes.Single(p => p.Pid == 2).Table;
        Assert.Equal(1, b.Total.Errors);
        Assert.Equal("read", Assert.Single(report.Overall.Rows).Syscall.Label);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CountingALineAllocatesNothing(bool jsonl)
    {
        // Every process and syscall shows up within the first 300 lines, so both recordings make the
        // same tables and read through the same buffers: only a cost per line would tell them apart.
        long few = AllocatedCounting(Recording("few.log", 1_000, jsonl));
        long many = AllocatedCounting(Recording("many.log", 100_000, jsonl));

        // Any allocation per line is 24 bytes at least, 2.4 MB over the 99,000 more lines; the runtime's own
        // one-off work (tiering the hot loop again) has been seen to take a few KB.
        Assert.True(many - few < 16_384, $"{few} bytes allocated for 1000 lines, {many} for 100000");
    }

    private string Recording(string name, int lines, bool jsonl)
    {
        string path = _dir.File(name);
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(i => jsonl
            ? Jsonl((uint)(i % 10), $"p\\u00ff{i % 10}", i % 300, -(i % 3), (ulong)i).TrimEnd('\n')
            : $"{i % 10}:{(i % 2 == 0 ? "i386/" : "")}{i % 300}:p\\xff{i % 10}"));
        return path;
    }

    private static long AllocatedCounting(string path)
    {
        // Once first, so that what starts once (statics, the JIT's work) is not counted.
        StatsCollector.Read(path, null, perProcess: true, top: null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        StatsCollector.Read(path, null, perProcess: true, top: null);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    internal static string Jsonl(uint pid, string comm, long nr, long? ret, ulong? dur) =>
        $"{{\"ts_ns\":1,\"pid\":{pid},\"tid\":{pid},\"comm\":\"{comm}\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":{nr},\"name\":null"
        + $",\"ret\":{ret?.ToString() ?? "null"},\"dur_ns\":{dur?.ToString() ?? "null"}}}\n";

    private static SyscallTally Row(StatsTable table, string label) => table.Rows.Single(r => r.Syscall.Label == label).Tally;

    private StatsReport Stats(string text, string? filter = null, bool perProcess = false, int? top = null)
    {
        string path = _dir.File("trace.log");
        File.WriteAllText(path, text);
        return StatsCollector.Read(path, filter is null ? null : SyscallFilter.Parse("-e", filter), perProcess, top);
    }
}
