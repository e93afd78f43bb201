using System.Text.Json;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Splitting;

/// <summary>A recording made with --max-size is one recording in parts: the readers take all of them, in order.</summary>
[Collection(KernelCollection.Name)]
public sealed class MultiPartRecordingTests
{
    [Fact]
    public void SplitStatsAndExportReadEveryPartGivenTheFirstOrAGlobInOrder()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_parts");
        CommandResult recorded;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "--format", "jsonl", "-o", "trace.jsonl", "--max-size", "4K", "sr_parts"))
        {
            // About 60 KB of lines: more than ten parts, so a glob sorts trace.jsonl.10 before trace.jsonl.2.
            Workloads.RunToEnd(workload, "600");
            recorded = recorder.Stop();
        }
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        int parts = Directory.GetFiles(dir.Path, "trace.jsonl*").Length;
        Assert.True(parts > 10, $"{parts} parts");
        // The recording as one, its parts in their numbered order.
        string[] lines = [.. new[] { "trace.jsonl" }.Concat(Enumerable.Range(1, parts - 1).Select(part => $"trace.jsonl.{part}"))
            .SelectMany(part => File.ReadAllLines(dir.File(part)))];
        string[] syscalls = [.. lines.Where(line => !line.Contains("\"event\"", StringComparison.Ordinal))];
        string glob = string.Join(' ', Directory.GetFiles(dir.Path, "trace.jsonl*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(glob.IndexOf("trace.jsonl.10", StringComparison.Ordinal) < glob.IndexOf("trace.jsonl.2", StringComparison.Ordinal), glob);

        foreach (string given in new[] { "trace.jsonl", glob })
        {
            CommandResult stats = Run.Command("/bin/sh", ["-c", $"exec \"$0\" stats --format json {given}", Repository.Sysrec], dir.Path);
            Assert.True(stats.ExitCode == 0, stats.Stderr);
            using (JsonDocument json = JsonDocument.Parse(stats.Stdout))
                Assert.Equal(syscalls.Length, json.RootElement.GetProperty("total").GetProperty("calls").GetInt64());

            CommandResult split = Run.Command("/bin/sh", ["-c", $"exec \"$0\" split -d out --no-manifest {given}", Repository.Sysrec], dir.Path);
            Assert.True(split.ExitCode == 0, split.Stderr);
            string nrs = string.Join(' ', syscalls.Where(line => line.Contains("\"comm\":\"sr_parts\"", StringComparison.Ordinal))
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("nr").GetInt64()));
            int pid = JsonDocument.Parse(syscalls.First(line => line.Contains("\"comm\":\"sr_parts\"", StringComparison.Ordinal))).RootElement.GetProperty("pid").GetInt32();
            Assert.Equal(nrs + "\n", File.ReadAllText(dir.File($"out/sr_parts:{pid}.log")));

            CommandResult export = Run.Command("/bin/sh", ["-c", $"exec \"$0\" export -o t.sc --format lidds {given}", Repository.Sysrec], dir.Path);
            Assert.True(export.ExitCode == 0, export.Stderr);
            Assert.Equal($"sysrec: {syscalls.Length} calls exported to t.sc\n", export.Stderr);
            // A LID-DS export is in time order, which records from two CPUs may not be in the recording.
            Assert.Equal(UnixTimes(lines).OrderBy(ulong.Parse), File.ReadAllLines(dir.File("t.sc")).Select(line => line.Split(' ')[0]));
        }
    }

    /// <summary>Each syscall's ts_ns in Unix time, by the clock event that starts its part.</summary>
    private static IEnumerable<string> UnixTimes(string[] lines)
    {
        long offset = 0;
        foreach (string line in lines)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement o = json.RootElement;
            ulong ts = o.GetProperty("ts_ns").GetUInt64();
            if (!o.TryGetProperty("event", out JsonElement kind))
                yield return ((ulong)((long)ts + offset)).ToString();
            else if (kind.GetString() == "clock")
                offset = (long)o.GetProperty("realtime_ns").GetUInt64() - (long)ts;
        }
    }
}
