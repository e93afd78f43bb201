namespace Sysrec.Tests.Integration;

/// <summary>
/// The recorder runs as root and writes where it is told: a link or a file someone else planted at
/// that name must be refused, never written through. Every target here is a file in the test's own
/// temporary directory.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RecordOutputSafetyTests
{
    private const string Precious = "someone else's data\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OutputThatIsASymlinkIsRefusedByNameAndItsTargetLeftAlone(bool targetExists)
    {
        using var dir = new TempDirectory();
        string target = dir.File("target");
        if (targetExists)
            File.WriteAllText(target, Precious);
        string link = dir.File("trace.log");
        File.CreateSymbolicLink(link, target);
        FileSnapshot? targetBefore = targetExists ? FileSnapshot.Of(target) : null;

        string error = ErrorOutput.AssertOneLine(RecordBriefly(dir, link), exitCode: 1);

        Assert.StartsWith($"sysrec: cannot write {link}: ", error);
        Assert.Contains("symbolic link", error);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        if (targetExists)
            Assert.Equal(targetBefore, FileSnapshot.Of(target));
        else
            Assert.False(File.Exists(target), "the dangling link's target was created");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATraceFileOwnedByAnotherUserIsRefusedAndLeftAsItWas(bool fifo)
    {
        using var dir = new TempDirectory();
        string planted = dir.File("trace.log");
        // A FIFO, since opening one to write waits for a reader: the refusal must not wait on the planter.
        if (fifo)
            Assert.Equal(0, Run.Command("mkfifo", [planted]).ExitCode);
        else
            File.WriteAllText(planted, Precious);
        Assert.Equal(0, Run.Command("chown", ["65534:65534", planted]).ExitCode);
        FileSnapshot before = FileSnapshot.Of(planted);

        string error = ErrorOutput.AssertOneLine(RecordBriefly(dir, planted), exitCode: 1);

        Assert.StartsWith($"sysrec: cannot write {planted}: ", error);
        Assert.Contains("another user", error);
        Assert.Equal(before, FileSnapshot.Of(planted));
    }

    [Fact]
    public void ASymlinkPlantedAtTheNextNumberedPartIsRefusedAndItsTargetLeftAlone()
    {
        using var dir = new TempDirectory();
        string target = dir.File("target");
        File.WriteAllText(target, Precious);
        FileSnapshot before = FileSnapshot.Of(target);
        string trace = dir.File("trace.log");
        File.CreateSymbolicLink(trace + ".1", target);
        string workload = Workloads.Build("getppid_loop.c", "sr_part_link");
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", trace, "--max-size", "4K", "sr_part_link"))
        {
            // About 40 KB of lines: the first part fills, the second is due.
            Workloads.RunToEnd(workload, "2000");
            result = recorder.WaitForExit(TimeSpan.FromSeconds(20));
        }

        string error = ErrorOutput.AssertOneLine(result, exitCode: 1);
        Assert.StartsWith($"sysrec: cannot write {trace}.1: ", error);
        Assert.Contains("symbolic link", error);
        Assert.Equal(before, FileSnapshot.Of(target));
        Assert.Equal(target, new FileInfo(trace + ".1").LinkTarget);
        Assert.InRange(new FileInfo(trace).Length, 1, 4096);
        RawTrace.Scan(trace);
    }

    [Fact]
    public void TraceFilesAreCreatedReadableByTheirOwnerOnlyWhateverTheUmask()
    {
        using var dir = new TempDirectory();
        string trace = dir.File("trace.log");
        string workload = Workloads.Build("getppid_loop.c", "sr_file_mode");
        CommandResult result;
        // umask 0 would leave a file made with the usual 0666 open to everyone.
        using (var recorder = RecorderProcess.Start(dir.Path, "/bin/sh", "-c", "umask 0; exec \"$0\" \"$@\"",
                   Repository.Sysrec, "record", "-q", "-o", trace, "--max-size", "4K", "sr_file_mode"))
        {
            Workloads.RunToEnd(workload, "500");
            result = recorder.Stop();
        }

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(trace + ".1"), "the recording did not reach a second part");
        Assert.All(Directory.GetFiles(dir.Path, "trace.log*"), part => Assert.Equal("600", FileSnapshot.Mode(part)));
    }

    /// <summary>A recording that should never start; if it does, it ends by itself rather than hang the test.</summary>
    private static CommandResult RecordBriefly(TempDirectory dir, string output)
    {
        try
        {
            return Run.Command(Repository.Sysrec, ["record", "-q", "-o", output, "--duration", "2s", "sr_never_runs"], dir.Path, TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"sysrec record -o {output} --duration 2s hung for 10 s (killed) instead of refusing {output}");
            throw;
        }
    }
}
