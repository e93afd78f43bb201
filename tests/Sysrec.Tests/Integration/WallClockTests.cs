using System.Diagnostics;
using System.Globalization;

namespace Sysrec.Tests.Integration;

/// <summary>The clock event every file of a jsonl recording starts with, and the Unix times derived from it.</summary>
[Collection(KernelCollection.Name)]
public sealed class WallClockTests
{
    [Fact]
    public void EveryPartOfAJsonlRecordingStartsWithBothClocksReadWhenItBegan()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_clock");
        (ulong wall, ulong monotonic) before = Now();

        CommandResult result = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--max-size", "8K", "-o", "t.jsonl", "--", workload, "300"], dir.Path);

        (ulong wall, ulong monotonic) after = Now();
        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] parts = [.. Directory.GetFiles(dir.Path, "t.jsonl*").Order(StringComparer.Ordinal)];
        Assert.True(parts.Length >= 3, $"{parts.Length} parts");
        foreach (string part in parts)
        {
            string text = File.ReadAllText(part);
            (ulong ts, ulong realtime) = Assert.Single(JsonlTrace.Clocks(text));
            Assert.StartsWith("{\"ts_ns\":", text);
            Assert.Contains("\"event\":\"clock\"", text[..text.IndexOf('\n')]);
            Assert.InRange(ts, before.monotonic, after.monotonic);
            Assert.InRange(realtime, before.wall, after.wall);
            // Read together: the two clocks moved as one while the recording ran.
            Assert.InRange((long)(realtime - ts) - (long)(before.wall - before.monotonic), -5_000_000L, 5_000_000L);
        }
    }

    [Fact]
    public void LiddsLinesAreInUnixNanosecondsFromTheClockEvent()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_clock_lidds");
        (ulong wall, _) = Now();
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "-o", "t.jsonl", "--", workload, "20"], dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        (ulong end, _) = Now();

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "t.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("warning", result.Stderr);
        string[] lines = File.ReadAllLines(dir.File("t.sc"));
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.InRange(ulong.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture), wall, end));
    }

    [Fact]
    public void ARecordingWithoutAClockEventExportsMonotonicTimesAndSaysSo()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("old.jsonl"),
            $"{{\"ts_ns\":5,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}}\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "old.jsonl", "--format", "lidds", "-o", "t.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("sysrec: warning: old.jsonl has no clock event (it was recorded before sysrec wrote them), so the times are CLOCK_MONOTONIC, not Unix time",
            result.Stderr.Split('\n')[0]);
        Assert.StartsWith("5 ", File.ReadAllText(dir.File("t.sc")));
    }

    // Stopwatch is CLOCK_MONOTONIC on Linux, in nanoseconds; the wall clock is read to 100 ns.
    private static (ulong Wall, ulong Monotonic) Now() =>
        ((ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100, (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency)));
}
