using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>--max-size beyond a text recording: JSON Lines cut on whole objects, and `sysrec run`'s trace cut into parts.</summary>
[Collection(KernelCollection.Name)]
public sealed partial class RotationTests
{
    [Fact]
    public void JsonLinesAreCutIntoPartsOfWholeObjectsFilledToTheLimit()
    {
        const int Limit = 16 * 1024;
        using var dir = new TempDirectory();
        string trace = dir.File("trace.jsonl");
        string workload = Workloads.Build("getppid_loop.c", "sr_rotate_jsonl");
        int pid;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "--format", "jsonl", "--exit", "-o", trace, "--max-size", "16K", "sr_rotate_jsonl"))
        {
            // About 300 KB of objects: some twenty parts.
            pid = Workloads.RunToEnd(workload, "2000");
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        string[] parts = TraceParts.Of(trace);
        Assert.Equal(parts.Order(StringComparer.Ordinal), Directory.GetFiles(dir.Path).Order(StringComparer.Ordinal));
        var whole = new List<JsonlEntry>();
        for (int i = 0; i < parts.Length; i++)
        {
            TraceParts.AssertFilledToTheLimit(parts, i, Limit);
            // Each part reads alone: an object cut in two would not parse.
            whole.AddRange(JsonlTrace.Parse(File.ReadAllText(parts[i])));
        }
        Assert.True(parts.Length > 10, $"{parts.Length} parts");
        Assert.Equal([2000], MarkerBlocks.In([.. whole.Where(e => e.Pid == pid).Select(e => e.Nr)]));
        Assert.Equal(RecorderSummary.Parse(result.Stderr).Events, whole.Count + parts.Sum(part => JsonlTrace.Execs(File.ReadAllText(part)).Count));
    }

    [Fact]
    public void RunCutsTheCommandsTraceIntoPartsFilledToTheLimit()
    {
        const int Limit = 4 * 1024;
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_rotate_run");
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-q", "-o", "t.log", "--max-size", "4K", "--", workload, "1000"], dir.Path);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        string[] parts = TraceParts.Of(dir.File("t.log"));
        Assert.Equal($"t.log and t.log.1 to .{parts.Length - 1}", Destination().Match(result.Stderr).Groups[1].Value);
        var whole = new List<RawTraceEntry>();
        for (int i = 0; i < parts.Length; i++)
        {
            TraceParts.AssertFilledToTheLimit(parts, i, Limit);
            whole.AddRange(RawTrace.Read(parts[i]));
        }
        Assert.True(parts.Length > 3, $"{parts.Length} parts");
        Assert.Equal(RecorderSummary.Parse(result.Stderr).Events, whole.Count);
        Assert.Equal(Strace.SyscallsAfterExec(workload, "1000"), whole.Select(e => e.SyscallId));
    }

    [GeneratedRegex(@"events written to (.*), \d+ dropped")]
    private static partial Regex Destination();
}
