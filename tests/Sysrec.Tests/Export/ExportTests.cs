using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>`sysrec export` on recordings of real workloads made on this kernel, read back by two Parquet readers.</summary>
[Collection(KernelCollection.Name)]
public sealed class ExportTests
{
    [Fact]
    public async Task AJsonlRecordingBecomesATableInRowGroupsThatBothReadersReadBackRowForRow()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_export");
        // More calls than two row groups hold, so the file has three.
        Integration.Recording recording = Integration.Recording.While(["--exit", "sr_export"], () => Workloads.RunToEnd(workload, "140000"), Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);
        List<ExportedRow> expected = ExportedRow.FromRecording(recording.Trace, jsonl: true);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "-o", "trace.parquet"], dir.Path);

        Assert.True(result.ExitCode == 0, $"export exited with {result.ExitCode}: {result.Stderr}");
        Assert.Equal($"sysrec: {expected.Count} calls exported to trace.parquet\n", result.Stderr);
        Assert.True(expected.Count > 140_000, $"only {expected.Count} calls recorded");
        Assert.Equal("600", FileSnapshot.Mode(dir.File("trace.parquet")));
        (int groups, List<ExportedRow> rows) = await ExportedRow.ReadWithParquetNet(dir.File("trace.parquet"));
        Assert.Equal(3, groups);
        Assert.Equal(expected, rows);
        (int jsGroups, List<ExportedRow> jsRows) = ExportedRow.ReadWithHyparquet(dir.File("trace.parquet"));
        Assert.Equal(3, jsGroups);
        Assert.Equal(expected, jsRows);
        // What the kernel returned, not only what the recording said: the test host is the workload's parent.
        List<ExportedRow> getppid = [.. jsRows.Where(row => row.Name == "getppid")];
        Assert.Equal(140_000, getppid.Count);
        Assert.All(getppid, row => Assert.True(row.Ret == Environment.ProcessId && row.DurNs > 0, $"getppid returned {row.Ret} after {row.DurNs} ns"));
        ExportedRow exit = jsRows.Single(row => row.Name == "exit_group");
        Assert.True(exit.Ret is null && exit.DurNs is null, $"exit_group, which never returns, has ret {exit.Ret} and dur_ns {exit.DurNs}");
    }

    [Fact]
    public void AThirtyTwoBitArgumentIsItsZeroExtendedRegisterAsTheReadmeSays()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("decoy"), "x\n");
        CommandResult run = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "-o", "t.jsonl", "--", "cat", "decoy"], dir.Path);
        Assert.True(run.ExitCode == 0, run.Stderr);

        Assert.Equal(0, Run.Command(Repository.Sysrec, ["export", "t.jsonl", "-o", "t.parquet"], dir.Path).ExitCode);
        Assert.Equal(0, Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "t.sc"], dir.Path).ExitCode);

        // openat(AT_FDCWD, ...): AT_FDCWD is the int -100, whose register the kernel zero-extends.
        const string AtFdcwd = "4294967196";
        List<ExportedRow> openats = [.. ExportedRow.ReadWithHyparquet(dir.File("t.parquet")).Rows.Where(row => row.Name == "openat")];
        // cat makes the same opens on every run: as many as strace sees.
        Assert.Equal(StraceLog.Run(["-e", "trace=openat"], dir.Path, ["cat", "decoy"]).Values.Sum(calls => calls.Count), openats.Count);
        Assert.All(openats, row => Assert.StartsWith(AtFdcwd + ",", row.Args));
        Assert.All(File.ReadLines(dir.File("t.sc")).Where(line => line.Contains(" openat > ")), line => Assert.Contains($" arg0={AtFdcwd} ", line));
    }

    [Fact]
    public async Task ATextRecordingLeavesTimeThreadArgumentsAndReturnsNull()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_export_text");
        Integration.Recording recording = Integration.Recording.While(["sr_export_text"], () => Workloads.RunToEnd(workload, "300"));
        File.WriteAllText(dir.File("trace.log"), recording.Trace);
        List<ExportedRow> expected = ExportedRow.FromRecording(recording.Trace, jsonl: false);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.log", "-o", "trace.parquet", "--format", "parquet"], dir.Path);

        Assert.True(result.ExitCode == 0, $"export exited with {result.ExitCode}: {result.Stderr}");
        Assert.Equal(300, expected.Count(row => row.Name == "getppid"));
        (_, List<ExportedRow> rows) = await ExportedRow.ReadWithParquetNet(dir.File("trace.parquet"));
        Assert.Equal(expected, rows);
        Assert.Equal(expected, ExportedRow.ReadWithHyparquet(dir.File("trace.parquet")).Rows);
    }
}
