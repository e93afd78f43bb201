using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>
/// `export --format parquet` of a `--decode --format jsonl` recording: its decoded, fd_path and err columns,
/// read back with hyparquet, hold what `--format strace` prints of the same workload's calls.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class DecodedExportTests
{
    // Rebuilt from the jsonl values, a struct loses strace's "..." and fcntl's and ioctl's argument its
    // printing by command.
    private const double ArgumentsAlike = 0.85;

    [Fact]
    public void TheDecodedColumnsHoldWhatStracePrintsOfEachCall()
    {
        string workload = Workloads.Build("decode_files.c", "sr_decode_files", "-pthread");
        using var straceDirectory = new TempDirectory();
        using var jsonlDirectory = new TempDirectory();
        Traced(straceDirectory, ["--format", "strace", "-o", straceDirectory.File("out.txt"), "--", workload, "work"]);
        Traced(jsonlDirectory, ["--decode", "--format", "jsonl", "-o", jsonlDirectory.File("out.jsonl"), "--", workload, "work"]);
        CommandResult export = Run.Command(Repository.Sysrec, ["export", jsonlDirectory.File("out.jsonl"), "-o", jsonlDirectory.File("out.parquet")]);
        Assert.True(export.ExitCode == 0, export.Stderr);
        List<ExportedRow> rows = ExportedRow.ReadWithHyparquet(jsonlDirectory.File("out.parquet")).Rows;

        // The rows as strace lines, made comparable to the strace run's as StraceTranscript makes them.
        File.WriteAllLines(jsonlDirectory.File("rows.txt"), rows.Select(row => $"{row.Pid} {row.Name}({row.Decoded}) = 0"));
        List<string> exported = [.. StraceTranscript.Read(jsonlDirectory.File("rows.txt"), jsonlDirectory.Path).Lines.Select(line => Arguments(line.Text))];
        List<string> strace = [.. StraceTranscript.Read(straceDirectory.File("out.txt"), straceDirectory.Path).Lines
            .Where(line => line.Text.Contains(" = ", StringComparison.Ordinal)).Select(line => Arguments(line.Text))];
        var left = strace.CountBy(text => text).ToDictionary();
        var right = exported.CountBy(text => text).ToDictionary();
        int same = left.Sum(pair => Math.Min(pair.Value, right.GetValueOrDefault(pair.Key)));
        string differences = string.Join("\n", left.Where(pair => pair.Value > right.GetValueOrDefault(pair.Key)).Select(pair => $"  strace: {pair.Key}")
            .Concat(right.Where(pair => pair.Value > left.GetValueOrDefault(pair.Key)).Select(pair => $"  export: {pair.Key}")));
        Assert.True(same >= ArgumentsAlike * strace.Count, $"{same} of {strace.Count} calls alike:\n{differences}");

        ExportedRow missing = rows.First(row => row.Name == "openat" && row.Decoded!.Contains("\"missing.txt\"", StringComparison.Ordinal));
        Assert.Equal(("ENOENT", null), (missing.Err, missing.FdPath));
        ExportedRow created = rows.First(row => row.Name == "openat" && row.Decoded!.Contains("\"text.txt\", O_WRONLY|O_CREAT|O_TRUNC, 0644", StringComparison.Ordinal));
        Assert.Equal((null, jsonlDirectory.File("work/text.txt")), (created.Err, created.FdPath));
        Assert.All(rows, row => Assert.Equal(row.Ret is < 0 and >= -4095, row.Err is not null));
    }

    [Fact]
    public void ARecordingWithoutDecodedValuesHasTheColumnsEmpty()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("plain.jsonl"), NativeJsonl.Of("""
            {"ts_ns":1,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":0,"name":"read","args":[0,1,2,3,4,5],"ret":-2,"dur_ns":250}

            """));
        Assert.Equal(0, Run.Command(Repository.Sysrec, ["export", directory.File("plain.jsonl"), "-o", directory.File("plain.parquet")]).ExitCode);
        ExportedRow row = Assert.Single(ExportedRow.ReadWithHyparquet(directory.File("plain.parquet")).Rows);
        Assert.Equal((null, null, null), (row.Decoded, row.FdPath, row.Err));
    }

    // The call's name and arguments, without what strace prints of its return.
    private static string Arguments(string text) => Return().Replace(text, ")");

    [GeneratedRegex(@"\) = .*$")]
    private static partial Regex Return();

    private static void Traced(TempDirectory directory, string[] arguments)
    {
        Directory.CreateDirectory(directory.File("work"));
        CommandResult result = Run.Command("env", ["--default-signal=PIPE", "/bin/sh", "-c", "exec \"$@\" </dev/null >/dev/null", "sh", Repository.Sysrec, "run", "-q", .. arguments],
            directory.Path);
        Assert.True(result.ExitCode == 0, $"sysrec exited with {result.ExitCode}: {result.Stderr}");
    }
}
