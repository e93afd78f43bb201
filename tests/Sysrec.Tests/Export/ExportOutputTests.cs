using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>Where export writes: never through a link, never over its input, and nothing half-written when the disk fills.</summary>
[Collection(KernelCollection.Name)]
public sealed class ExportOutputTests
{
    private static readonly string s_recording = MakeRecording();

    [Theory]
    [InlineData("parquet")]
    [InlineData("lidds")]
    public void AFullDiskEndsInOneErrorLineAndLeavesNoFileBehind(string format)
    {
        using var disk = new TmpfsMount("256k");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.jsonl"), s_recording);
        string output = disk.File("out");

        CommandResult result = Run.Command(Repository.Sysrec, ["export", dir.File("trace.jsonl"), "--format", format, "-o", output]);

        string error = ErrorOutput.AssertOneLine(result, exitCode: 1);
        Assert.StartsWith($"sysrec: cannot write {output}: ", error);
        Assert.Contains("No space left", error);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public void AMalformedLineHalfwayLeavesTheFileThatWasThereAsItWas()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.jsonl"), s_recording + "{\"pid\":1}\n");
        File.WriteAllText(dir.File("out.parquet"), "an earlier export\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "-o", "out.parquet"], dir.Path);

        int lines = s_recording.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal($"sysrec: trace.jsonl:{lines + 1}: \"comm\" is missing", ErrorOutput.AssertOneLine(result, exitCode: 2));
        Assert.Equal("an earlier export\n", File.ReadAllText(dir.File("out.parquet")));
        Assert.Equal(["out.parquet", "trace.jsonl"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AMissingDirectoryIsNamedWithTheFileAskedFor()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.jsonl"), s_recording);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "-o", "missing/out.parquet"], dir.Path);

        Assert.Equal($"sysrec: cannot write missing/out.parquet: no such directory {dir.File("missing")}. Choose another file with -o FILE",
            ErrorOutput.AssertOneLine(result, exitCode: 1));
        Assert.Equal(["trace.jsonl"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    // About 12 MB of jsonl, whose export overflows the 256 KiB disk in either format.
    private static string MakeRecording()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_export_full");
        return Integration.Recording.While(["--exit", "sr_export_full"], () => Workloads.RunToEnd(workload, "60000"), Integration.Recording.Jsonl).Trace;
    }
}
