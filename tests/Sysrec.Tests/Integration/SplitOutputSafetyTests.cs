namespace Sysrec.Tests.Integration;

/// <summary>
/// The real `sysrec split` writing into a directory where someone planted links at the names it is
/// about to use: a link must be replaced, never followed. Every target is in the test's own temporary directory.
/// </summary>
public sealed class SplitOutputSafetyTests
{
    [Fact]
    public void ASymlinkAtAFinalFileNameIsReplacedNotFollowed()
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        Directory.CreateDirectory(output);
        string target = dir.File("target");
        File.WriteAllText(target, "someone else's data\n");
        FileSnapshot before = FileSnapshot.Of(target);
        File.CreateSymbolicLink(Path.Combine(output, "bash:1.log"), target);
        File.CreateSymbolicLink(Path.Combine(output, "sh:2.log"), dir.File("dangling-target"));
        File.WriteAllText(dir.File("trace.log"), "1:5:bash\n2:6:sh\n1:7:bash\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", output], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        Assert.Equal(before, FileSnapshot.Of(target));
        Assert.False(File.Exists(dir.File("dangling-target")), "split wrote through a dangling link");
        foreach ((string name, string ids) in new[] { ("bash:1.log", "5 7\n"), ("sh:2.log", "6\n") })
        {
            var file = new FileInfo(Path.Combine(output, name));
            Assert.Null(file.LinkTarget);
            Assert.Equal(ids, File.ReadAllText(file.FullName));
        }
    }

    [Fact]
    public void SplitFilesAreReadableByTheirOwnerOnlyWhateverTheUmask()
    {
        using var dir = new TempDirectory();
        string output = dir.File("out");
        Directory.CreateDirectory(output);
        // A file already there keeps nothing of itself, its mode included.
        File.WriteAllText(Path.Combine(output, "bash:1.log"), "old\n");
        File.SetUnixFileMode(Path.Combine(output, "bash:1.log"), (UnixFileMode)0b110_100_100);
        File.WriteAllText(dir.File("trace.log"), "1:5:bash\n2:6:sh\n");

        // umask 0 would leave a file made with the usual 0666 open to everyone.
        CommandResult result = Run.Command("/bin/sh", ["-c", "umask 0; exec \"$0\" split trace.log -d out", Repository.Sysrec], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        Assert.Equal(["bash:1.log", "manifest.csv", "sh:2.log"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(output), file => Assert.Equal("600", FileSnapshot.Mode(file)));
    }
}
