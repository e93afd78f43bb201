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

    public enum Writer { Record, Split, Export, Seccomp, Report }

    public static TheoryData<Writer> Writers() => new(Enum.GetValues<Writer>());

    /// <summary>
    /// The classic attack on a root tool: in a sticky world-writable directory (here the test's own, not
    /// /tmp), another user plants a link to a directory of root's (here a decoy the test made) under a
    /// name root is about to write through.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writers))]
    public void ADirectoryLinkAnotherUserPlantedInAStickyDirectoryIsNotFollowed(Writer writer)
    {
        using var dir = new TempDirectory();
        string shared = SharedDirectory(dir);
        string decoy = dir.File("decoy");
        Directory.CreateDirectory(decoy);
        string planted = Path.Combine(shared, "x");
        File.CreateSymbolicLink(planted, decoy);
        Assert.Equal(0, Run.Command("chown", ["-h", "65534:65534", planted]).ExitCode);

        string error = ErrorOutput.AssertOneLine(Write(writer, dir, Path.Combine(planted, "out")), exitCode: 1);

        Assert.StartsWith($"sysrec: cannot write {Path.Combine(planted, "out")}: {planted} is a symbolic link another user (uid 65534) owns", error);
        Assert.Empty(Directory.GetFileSystemEntries(decoy));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void ADirectoryAnotherUserMadeInAStickyDirectoryIsNotWrittenInto(Writer writer)
    {
        using var dir = new TempDirectory();
        string planted = Path.Combine(SharedDirectory(dir), "d");
        Directory.CreateDirectory(planted);
        Assert.Equal(0, Run.Command("chown", ["65534:65534", planted]).ExitCode);

        string error = ErrorOutput.AssertOneLine(Write(writer, dir, Path.Combine(planted, "out")), exitCode: 1);

        Assert.Contains($"{planted} is a directory another user (uid 65534) made where others can write", error);
        Assert.Empty(Directory.GetFileSystemEntries(planted));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void ALinkRootOwnsIsFollowedAsTheKernelWould(Writer writer)
    {
        using var dir = new TempDirectory();
        string target = dir.File("real");
        Directory.CreateDirectory(target);
        // As /var/run -> /run is: root's own link, in a directory others can write to.
        string link = Path.Combine(SharedDirectory(dir), "link");
        File.CreateSymbolicLink(link, target);

        CommandResult result = Write(writer, dir, Path.Combine(link, "out"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(Path.Exists(Path.Combine(target, "out")), result.Stderr);
    }

    [Fact]
    public void AnotherUsersLinkIsNotFollowedOutsideStickyDirectoriesEither()
    {
        using var dir = new TempDirectory();
        string decoy = dir.File("decoy");
        Directory.CreateDirectory(decoy);
        string planted = dir.File("x");
        File.CreateSymbolicLink(planted, decoy);
        Assert.Equal(0, Run.Command("chown", ["-h", "65534:65534", planted]).ExitCode);

        string error = ErrorOutput.AssertOneLine(RecordBriefly(dir, Path.Combine(planted, "trace.log")), exitCode: 1);

        Assert.Contains($"{planted} is a symbolic link another user (uid 65534) owns", error);
        Assert.Empty(Directory.GetFileSystemEntries(decoy));
    }

    /// <summary>Writing a file with another name would write it under that name too: /etc/shadow, linked into /tmp.</summary>
    [Theory]
    [InlineData(Writer.Record)]
    [InlineData(Writer.Seccomp)]
    [InlineData(Writer.Report)]
    public void AFileWithOtherHardLinksIsRefusedAndLeftAsItWasModeIncluded(Writer writer)
    {
        using var dir = new TempDirectory();
        string other = dir.File("precious");
        File.WriteAllText(other, Precious);
        File.SetUnixFileMode(other, (UnixFileMode)0b110_100_100);
        string output = dir.File("out");
        Assert.Equal(0, Run.Command("ln", [other, output]).ExitCode);
        FileSnapshot before = FileSnapshot.Of(other);

        string error = ErrorOutput.AssertOneLine(Write(writer, dir, output), exitCode: 1);

        Assert.Equal($"sysrec: cannot write {output}: it has 1 other hard link, and writing it would change the file under those names too. Choose another file with -o FILE", error);
        Assert.Equal(before, FileSnapshot.Of(other));
        Assert.Equal("644", FileSnapshot.Mode(output));
    }

    /// <summary>A directory as /tmp is: anyone may create in it, only an entry's owner remove it.</summary>
    private static string SharedDirectory(TempDirectory dir)
    {
        string shared = dir.File("shared");
        Directory.CreateDirectory(shared);
        Assert.Equal(0, Run.Command("chmod", ["1777", shared]).ExitCode);
        return shared;
    }

    /// <summary>Runs <paramref name="writer"/> with its output at <paramref name="output"/> (split's directory), on a recording of the test's.</summary>
    private static CommandResult Write(Writer writer, TempDirectory dir, string output)
    {
        if (writer == Writer.Record)
            return RecordBriefly(dir, output);
        string recording = dir.File("recording.log");
        File.WriteAllText(recording, "1:0:a\n");
        string[] arguments = writer switch
        {
            Writer.Split => ["split", recording, "-d", output],
            Writer.Export => ["export", recording, "-o", output],
            Writer.Seccomp => ["seccomp", recording, "-o", output],
            _ => ["report", recording, "-o", output],
        };
        return Run.Command(Repository.Sysrec, arguments, dir.Path);
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
