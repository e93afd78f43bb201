using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>Recordings left to run: stopping by the clock, and moving on to numbered files at a size limit.</summary>
[Collection(KernelCollection.Name)]
public sealed partial class LongRunTests
{
    [Theory]
    [InlineData("2s", 2.0)]
    [InlineData("1", 1.0)] // a bare number is seconds
    [InlineData("0.025m", 1.5)]
    public void DurationStopsTheRecordingByItselfAfterItsTime(string duration, double seconds)
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_duration");
        int pid;
        CommandResult result;
        TimeSpan took;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "--duration", duration, "sr_duration"))
        {
            // Timed from the moment it said it was recording, just after its own clock started.
            var clock = Stopwatch.StartNew();
            pid = Workloads.RunToEnd(workload, "1000");
            // Stopping by itself is the point; the bound only fails a recorder that never does.
            result = recorder.WaitForExit(Eventually.Bound);
            took = clock.Elapsed;
        }

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        Assert.Contains($"stopping after {seconds} s or at Ctrl-C", result.Stderr);
        Assert.True(took.TotalSeconds > seconds - 0.1, $"it stopped after {took.TotalSeconds:0.00} s of {seconds}");
        RecorderSummary summary = RecorderSummary.Parse(result.Stderr);
        List<RawTraceEntry> trace = RawTrace.Read(dir.File("trace.log"));
        Assert.Equal(summary.Events, trace.Count);
        Assert.Equal([1000], MarkerBlocks.In([.. trace.Where(e => e.Pid == pid).Select(e => e.SyscallId)]));
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    public void LongerDurationsAreReadInTheirUnits(string duration, int seconds)
    {
        using var dir = new TempDirectory();
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), "--duration", duration, "sr_duration_long"))
            result = recorder.Stop();

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        Assert.StartsWith($"sysrec: recording sr_duration_long to {dir.File("trace.log")}; stopping after {seconds} s or at Ctrl-C\n", result.Stderr);
    }

    [Fact]
    public void MaxSizeRotatesIntoNumberedWholeLineFilesThatTogetherHoldTheTrace()
    {
        const int Limit = 64 * 1024;
        const int Calls = 20_000;
        using var dir = new TempDirectory();
        string trace = dir.File("trace.log");
        string workload = Workloads.Build("getppid_loop.c", "sr_rotate");
        int pid;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", trace, "--max-size", "64K", "sr_rotate"))
        {
            // About 460 KB of lines: seven or eight parts.
            pid = Workloads.RunToEnd(workload, Calls.ToString());
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        string[] parts = TraceParts.Of(trace);
        Assert.Equal(parts.Order(StringComparer.Ordinal), Directory.GetFiles(dir.Path, "trace.log*").Order(StringComparer.Ordinal));
        Assert.Equal($"{trace} and {trace}.1 to .{parts.Length - 1}", SummaryDestination().Match(result.Stderr).Groups[1].Value);
        var whole = new List<RawTraceEntry>();
        for (int i = 0; i < parts.Length; i++)
        {
            TraceParts.AssertFilledToTheLimit(parts, i, Limit);
            whole.AddRange(RawTrace.Read(parts[i]));
        }
        Assert.Equal(RecorderSummary.Parse(result.Stderr).Events, whole.Count);
        Assert.Equal([Calls], MarkerBlocks.In([.. whole.Where(e => e.Pid == pid).Select(e => e.SyscallId)]));
    }

    [Fact]
    public void TheNumberedSeriesHoldsOnlyThisRecordingWhenALongerOneWasThereBefore()
    {
        using var dir = new TempDirectory();
        string trace = dir.File("trace.log");
        // What an earlier, longer recording to the same file left: the same owner, the same names.
        for (int part = 1; part <= 9; part++)
            File.WriteAllText($"{trace}.{part}", $"99999:{part}:sr_earlier\n");
        string workload = Workloads.Build("getppid_loop.c", "sr_later");
        int pid;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", trace, "--max-size", "4K", "sr_later"))
        {
            // About 12 KB: three or four parts of the nine.
            pid = Workloads.RunToEnd(workload, "500");
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        List<RawTraceEntry> series = [.. TraceParts.Of(trace).SelectMany(RawTrace.Read)];
        Assert.True(series.All(e => e.Pid == pid),
            $"FILE, FILE.1, ... in order is not this recording: it goes on into {string.Join(", ", series.Where(e => e.Pid != pid).Select(e => RawTrace.Show(e.Comm)).Distinct())}; "
            + $"the parts are {string.Join(", ", TraceParts.Of(trace).Select(Path.GetFileName))}; {result.Stderr}");
        Assert.Equal(RecorderSummary.Parse(result.Stderr).Events, series.Count);
    }

    [GeneratedRegex(@"events written to (.*), \d+ dropped")]
    private static partial Regex SummaryDestination();
}
