using System.Text.Json;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Analysis;

/// <summary>The two commands as users run them: the built binary, its streams and exit codes.</summary>
public sealed class AnalysisCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void StatsPrintsTheTableOnStdout()
    {
        File.WriteAllText(_dir.File("trace.log"), $"1:{Nr.Of("read")}:a\n1:{Nr.Of("write")}:a\n2:{Nr.Of("write")}:b\n");

        CommandResult result = Sysrec("stats", "trace.log", "--top", "1", "--per-process", "-e", "write");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        string[] lines = result.Stdout.Split('\n');
        Assert.StartsWith("% calls ", lines[0]);
        Assert.EndsWith(" write", lines[2]);
        Assert.Equal(3, lines.Count(line => line.EndsWith(" total")));
        Assert.Contains("\na:1\n", result.Stdout);
        Assert.DoesNotContain(" read", result.Stdout);
    }

    [Fact]
    public void StatsJsonIsOneDocument()
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Sysrec("stats", "trace.log", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("total").GetProperty("calls").GetInt64());
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("seccomp")]
    public void MalformedInputExitsTwoWithFileAndLine(string command)
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n{\"pid\":1}\n");

        CommandResult result = Sysrec(command, "trace.log");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("sysrec: trace.log:2: expected pid:syscall_id:comm\n", result.Stderr);
    }

    [Theory]
    [InlineData("--top", "0")]
    [InlineData("--top", "x")]
    [InlineData("-e", "nosuchcall")]
    [InlineData("--format", "xml")]
    public void BadStatsOptionsAreUsageErrors(string option, string value)
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Sysrec("stats", "trace.log", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sysrec stats --help", result.Stderr);
    }

    [Fact]
    public void SeccompWritesTheProfileToStdoutAndWarnsAboutNumbersItCannotName()
    {
        File.WriteAllText(_dir.File("trace.log"), $"1:{Nr.Of("read")}:a\n1:99999:a\n");

        CommandResult result = Sysrec("seccomp", "trace.log");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["execve", "read"], json.RootElement.GetProperty("syscalls")[0].GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.StartsWith("sysrec: warning: the profile cannot allow 99999: ", result.Stderr);
    }

    [Fact]
    public void SeccompOutputIsAFileOnlyItsOwnerReads()
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Sysrec("seccomp", "trace.log", "-o", "profile.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(_dir.File("profile.json")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("profile.json")));
    }

    [Fact]
    public void SeccompWritesNoFileWhenTheTraceIsBad()
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\nbad\n");

        CommandResult result = Sysrec("seccomp", "trace.log", "-o", "profile.json");

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(_dir.File("profile.json")));
    }

    [Theory]
    [InlineData("seccomp")]
    [InlineData("report")]
    [InlineData("export")]
    public void TheRecordingIsNeverWrittenOver(string command)
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Sysrec(command, "trace.log", "-o", "./trace.log");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: cannot write ./trace.log: it is the recording being read", result.Stderr);
        Assert.Equal("1:0:a\n", File.ReadAllText(_dir.File("trace.log")));
    }

    [Theory]
    [InlineData("seccomp")]
    [InlineData("report")]
    [InlineData("export")]
    public void OutputIsNeverWrittenThroughALink(string command)
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");
        File.CreateSymbolicLink(_dir.File("out"), _dir.File("elsewhere"));

        CommandResult result = Sysrec(command, "trace.log", "-o", "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("symbolic link", result.Stderr);
        Assert.False(File.Exists(_dir.File("elsewhere")));
    }

    [Theory]
    [InlineData("stats trace.log > /dev/full", "sysrec: cannot write to stdout: No space left on device\n")]
    [InlineData("seccomp trace.log > /dev/full", "sysrec: cannot write to stdout: No space left on device\n")]
    [InlineData("seccomp trace.log -o /dev/full", "sysrec: cannot write /dev/full: No space left on device. Choose another file with -o FILE\n")]
    [InlineData("report trace.log > /dev/full", "sysrec: cannot write to stdout: No space left on device\n")]
    [InlineData("report trace.log -o /dev/full", "sysrec: cannot write /dev/full: No space left on device. Choose another file with -o FILE\n")]
    [InlineData("export trace.log -o /dev/full", "sysrec: cannot write /dev/full: No space left on device. Choose another file with -o FILE\n")]
    public void AFullDiskIsOneErrorLine(string command, string stderr)
    {
        File.WriteAllText(_dir.File("trace.log"), "1:0:a\n");

        CommandResult result = Run.Command("sh", ["-c", $"'{Repository.Sysrec}' {command}"], _dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(stderr, result.Stderr);
    }

    private CommandResult Sysrec(params string[] arguments) => Run.Command(Repository.Sysrec, arguments, _dir.Path);
}
