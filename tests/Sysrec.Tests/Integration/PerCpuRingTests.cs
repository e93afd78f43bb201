using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Each CPU writes its own ring buffer and the reader merges them: two processes that move from CPU to
/// CPU at once, each coming back to a CPU it left, have every call in the order they made them, with the
/// time of each call and without it (where the order comes from each run's key alone).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class PerCpuRingTests
{
    private const int Rounds = 40;
    // Few enough that the rings hold them all however slow the writer: what is tested is the order.
    private const int CallsPerRound = 1_000;
    private const long Getppid = 110, Getuid = 102, SchedSetaffinity = 203;

    [Theory]
    [InlineData("text")]
    [InlineData("jsonl")]
    [InlineData("jsonl", "--exit")]
    public async Task AProcessThatMovesBetweenCpusHasItsCallsInOrder(string format, params string[] flags)
    {
        string hopper = Workloads.Build("hop_cpus.c", "sr_hop_cpus");
        using var dir = new TempDirectory("/dev/shm");
        string trace = dir.File("trace");
        int[] hoppers;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, ["-q", "--format", format, .. flags, "-o", trace, "sr_hop_cpus"]))
        {
            hoppers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Workloads.RunToEnd(hopper, Rounds.ToString(), CallsPerRound.ToString()))));
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(0, RecorderSummary.Parse(result.Stderr).Dropped);
        List<long> expected = [.. Enumerable.Range(0, Rounds).SelectMany(round => Enumerable.Repeat(SchedSetaffinity, 1)
            .Concat(Enumerable.Repeat(round % 2 == 0 ? Getppid : Getuid, CallsPerRound)))];
        foreach (int pid in hoppers)
        {
            List<long> calls = format == "text" ? TraceFile.Read(trace).SyscallsOf(pid) : JsonCallsOf(trace, pid);
            int first = calls.IndexOf(SchedSetaffinity);
            Assert.True(first >= 0, $"the first sched_setaffinity of {pid} is not in the trace");
            List<long> made = [.. calls.Skip(first).Take(expected.Count)];
            int differs = Enumerable.Range(0, expected.Count).FirstOrDefault(i => i >= made.Count || made[i] != expected[i], -1);
            Assert.True(differs < 0, $"call {differs} of {pid}'s runs is {(differs >= 0 && differs < made.Count ? made[differs] : "missing")}, expected {(differs >= 0 ? expected[differs] : 0)}");
        }
    }

    private static List<long> JsonCallsOf(string path, int pid) =>
        [.. File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("nr", out _) && line.GetProperty("pid").GetInt32() == pid)
            .Select(line => line.GetProperty("nr").GetInt64())];
}
