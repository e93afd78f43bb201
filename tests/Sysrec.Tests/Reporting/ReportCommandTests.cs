using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Reporting;

/// <summary>`sysrec report` as users run it: the built binary, its streams, files and exit codes.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WithoutOutputThePageGoesToStdout()
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Sysrec("report", "trace.log");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.StartsWith("<!DOCTYPE html>\n", result.Stdout);
        Assert.EndsWith("</html>\n", result.Stdout);
    }

    [Fact]
    public void TheOutputIsAFileOnlyItsOwnerReads()
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Sysrec("report", "trace.log", "-o", "report.html");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.Contains("<h3>a:1</h3>", File.ReadAllText(_dir.File("report.html")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("report.html")));
    }

    [Fact]
    public void AMalformedRecordingExitsTwoWithFileAndLineAndLeavesNoPage()
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n\nbad\n");

        CommandResult result = Sysrec("report", "trace.log", "-o", "report.html");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("sysrec: trace.log:3: expected pid:syscall_id:comm\n", result.Stderr);
        Assert.False(File.Exists(_dir.File("report.html")));
    }

    [Fact]
    public void AnEmptyRecordingGivesAPageOfNoSyscallsWithANote()
    {
        File.WriteAllText(_dir.File("trace.log"), "");

        CommandResult result = Sysrec("report", "trace.log");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sysrec: note: trace.log holds no syscalls\n", result.Stderr);
        Assert.EndsWith("</html>\n", result.Stdout);
    }

    [Fact]
    public void AMissingRecordingExitsOneAndWritesNothing()
    {
        CommandResult result = Sysrec("report", "trace.log");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("sysrec: cannot read trace.log: no such file or directory\n", result.Stderr);
    }

    private CommandResult Sysrec(params string[] arguments) => Run.Command(Repository.Sysrec, arguments, _dir.Path);
}
