using Sysrec.Analysis;
using Sysrec.Reporting;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Reporting.ReportTrace;

namespace Sysrec.Tests.Reporting;

public sealed class TimelineCollectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ALongRecordingHasAHundredBucketsAndLosesNoSyscall()
    {
        // 1000 calls 1 ms apart, the last at 999 ms: each bucket spans 9.99 ms.
        string trace = string.Concat(Enumerable.Range(0, 1_000).Select(i => Jsonl(5_000_000_000 + (ulong)i * 1_000_000, (uint)(1 + i % 2), "a", 0)));

        Timeline timeline = Collect(trace);

        Assert.Equal(new TimelineAxis(true, 5_000_000_000, 5_999_000_000, 100), timeline.Axis);
        Assert.Equal(1_000, timeline.All.Sum());
        Assert.All(timeline.All, count => Assert.InRange(count, 9, 11));
        Assert.Equal([500L, 500L], timeline.Rows.Select(row => row.Sum()));
    }

    [Fact]
    public void TimestampsAtTheEndsOfTheClockStillFallInTheirBuckets()
    {
        Timeline timeline = Collect(Jsonl(0, 1, "a", 0) + Jsonl(ulong.MaxValue, 1, "a", 0) + Jsonl(ulong.MaxValue / 2, 1, "a", 0));

        Assert.Equal(100, timeline.Axis.Buckets);
        Assert.Equal((1L, 1L, 1L), (timeline.All[0], timeline.All[49], timeline.All[99]));
    }

    [Fact]
    public void OneSyscallIsOneBucket()
    {
        Timeline timeline = Collect(Jsonl(42, 1, "a", 0));

        Assert.Equal(new TimelineAxis(true, 42, 42, 1), timeline.Axis);
        Assert.Equal([1L], timeline.All);
    }

    [Fact]
    public void OnlySyscallsStatsCountedAreRead()
    {
        // As if the recording grew after stats had read it: the later line is left for the next report.
        File.WriteAllText(_dir.File("trace"), Jsonl(10, 1, "a", 0) + Jsonl(20, 1, "a", 0) + Jsonl(1_000_000, 1, "a", 0));

        Timeline timeline = TimelineCollector.Read(_dir.File("trace"), syscalls: 2, []);

        Assert.Equal(new TimelineAxis(true, 10, 20, 11), timeline.Axis);
        Assert.Equal(2, timeline.All.Sum());
    }

    [Fact]
    public void AJsonlLineWithoutATimestampIsAnErrorAtItsLine()
    {
        string trace = Jsonl(10, 1, "a", 0) + "\n" + Jsonl(20, 1, "a", 0).Replace("\"ts_ns\":20,", "");

        var error = Assert.Throws<SysrecException>(() => Collect(trace));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"{_dir.File("trace")}:3: \"ts_ns\" is missing; the timeline needs it", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BucketingALineAllocatesNothing(bool jsonl)
    {
        long few = AllocatedCollecting(Recording("few", 1_000, jsonl));
        long many = AllocatedCollecting(Recording("many", 100_000, jsonl));

        // Any allocation per line is 24 bytes at least, 2.4 MB over the 99,000 more lines; the runtime's own
        // one-off work (tiering the hot loop again) has been seen to take a few KB.
        Assert.True(many - few < 16_384, $"{few} bytes allocated for 1000 lines, {many} for 100000");
    }

    private string Recording(string name, int lines, bool jsonl)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, string.Concat(Enumerable.Range(0, lines).Select(i => jsonl
            ? Jsonl((ulong)i, (uint)(i % 10), $"p{i % 10}", i % 300)
            : $"{i % 10}:{i % 300}:p{i % 10}\n")));
        return path;
    }

    private static long AllocatedCollecting(string path)
    {
        StatsReport stats = StatsCollector.Read(path, null, perProcess: true, top: null);
        // Once first, so that what starts once (statics, the JIT's work) is not counted.
        TimelineCollector.Read(path, stats.Overall.Total.Calls, stats.Processes!);
        long before = GC.GetAllocatedBytesForCurrentThread();
        TimelineCollector.Read(path, stats.Overall.Total.Calls, stats.Processes!);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private Timeline Collect(string trace)
    {
        File.WriteAllText(_dir.File("trace"), trace);
        StatsReport stats = StatsCollector.Read(_dir.File("trace"), null, perProcess: true, top: null);
        return TimelineCollector.Read(_dir.File("trace"), stats.Overall.Total.Calls, stats.Processes!);
    }
}
