namespace Sysrec.Tests.Integration;

/// <summary>`record --summary`: the table at the end of a live recording is the one `sysrec stats` gives for its trace.</summary>
[Collection(KernelCollection.Name)]
public sealed class RecordSummaryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSummaryIsTheStatsOfTheSavedTrace(bool withReturns)
    {
        string[] format = withReturns ? ["--format", "jsonl", "--exit"] : [];
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_summary");
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, ["-q", "-o", dir.File("trace.log"), "--summary", .. format, "sr_summary"]))
        {
            Workloads.RunToEnd(workload, "300");
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stderr.Split('\n');
        int summaryLine = Array.FindIndex(lines, line => line.Contains(" events written to "));
        string table = string.Join('\n', lines.Skip(summaryLine + 1));
        CommandResult stats = Run.Command(Repository.Sysrec, ["stats", dir.File("trace.log")], dir.Path);
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(stats.Stdout, table);
        Assert.Matches(@"\s300\s.*\sgetppid\n", table);
    }

    [Fact]
    public void TheReadmesRunSummaryExamplePrintsTheStatsOfItsTraceAfterTheLastLine()
    {
        using var dir = new TempDirectory();
        // The README's `sysrec run --format jsonl --exit --summary -- ls /`, its trace kept to compare.
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "--summary", "-o", "ls.jsonl", "--", "ls", "/"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stderr.Split('\n');
        Assert.Matches(@"^sysrec: \d+ events written to ls\.jsonl, 0 dropped; 1 task traced, 0 still running$", lines[0]);
        CommandResult stats = Run.Command(Repository.Sysrec, ["stats", "ls.jsonl"], dir.Path);
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(stats.Stdout, string.Join('\n', lines[1..]));
        // With --exit the table has times and errors: ls's failed opens of locale files, at least.
        Assert.Matches(@"\n\s*[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+[1-9]\d*\s+openat\n", stats.Stdout);
        Assert.Contains(" getdents64\n", stats.Stdout);
    }
}
