namespace Sysrec.Tests.Integration;

/// <summary>
/// What `sysrec run` hands the command it records: the same start it would have without sysrec (signal
/// dispositions and mask, arguments and environment byte for byte), and an earlier trace left alone
/// when the command cannot start.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RunFidelityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // The test host ignores SIGPIPE, as every .NET process does, and its children inherit that: env
    // starts each side from the state a shell gives, plus what a case adds.
    [Theory]
    [InlineData("")]
    [InlineData("--ignore-signal=INT,QUIT,USR1 --block-signal=USR2,WINCH")]
    public void TheCommandStartsWithTheSignalDispositionsAndMaskItHasWithoutSysrec(string given)
    {
        string[] env = ["env", "--default-signal", .. given.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        string[] status = ["grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"];

        CommandResult direct = Run.Command(env[0], [.. env[1..], .. status], _dir.Path);
        CommandResult traced = Run.Command(env[0], [.. env[1..], Repository.Sysrec, "run", "-q", "-o", "trace.log", "--", .. status], _dir.Path);

        Assert.Equal(0, traced.ExitCode);
        Assert.Equal(direct.Stdout, traced.Stdout);
        if (given == "")
            return;
        // What the case asked for did take, beside whatever env cannot reset (glibc's own signals 32 and 33).
        Assert.Equal(0x800UL | 0x8000000, Mask(traced.Stdout, "SigBlk") & StandardSignals);
        Assert.Equal(0x206UL, Mask(traced.Stdout, "SigIgn") & StandardSignals);
    }

    [Fact]
    public void ACommandWritingToAClosedPipeDiesOfSigpipeAsWithoutSysrec()
    {
        // yes | head -1: yes is killed by SIGPIPE (141) once head has gone, rather than failing with EPIPE.
        const string Pipeline = "{ $1 yes; echo $? >\"$2\"; } 2>/dev/null | head -1 >/dev/null";
        Run.Command("env", ["--default-signal", "sh", "-c", Pipeline, "sh", "", "direct"], _dir.Path);
        Run.Command("env", ["--default-signal", "sh", "-c", Pipeline, "sh", $"{Repository.Sysrec} run -q -o trace.log --", "traced"], _dir.Path);

        Assert.Equal("141", File.ReadAllText(_dir.File("direct")).Trim());
        Assert.Equal("141", File.ReadAllText(_dir.File("traced")).Trim());
    }

    [Theory]
    [InlineData("/nonexistent/program")]
    [InlineData("-c")]
    public void ARunThatCannotStartLeavesTheEarlierTraceAsItWas(string notACommand)
    {
        File.WriteAllText(_dir.File("trace.log"), "keep\n");
        File.WriteAllText(_dir.File("trace.log.1"), "keep too\n");

        // "-c" before "--" is an option run does not know, not a program to run.
        string[] arguments = notACommand.StartsWith('-') ? ["run", notACommand, "--", "true"] : ["run", "--", notACommand];
        CommandResult result = Run.Command(Repository.Sysrec, arguments, _dir.Path);

        string error = ErrorOutput.AssertOneLine(result with { Stderr = result.Stderr.Replace("Run 'sysrec run --help' for usage.\n", "") }, exitCode: 2);
        Assert.Contains(notACommand, error);
        Assert.Equal("keep\n", File.ReadAllText(_dir.File("trace.log")));
        Assert.Equal("keep too\n", File.ReadAllText(_dir.File("trace.log.1")));
    }

    [Fact]
    public void ARunThatCannotStartLeavesNoNewTraceFile()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-o", "new.log", "--", "/nonexistent/program"], _dir.Path);

        Assert.Equal("sysrec: cannot run /nonexistent/program: No such file or directory. Check the command's name and path", ErrorOutput.AssertOneLine(result, exitCode: 2));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    // Signals 1 to 31, bits 0 to 30.
    private const ulong StandardSignals = 0x7FFF_FFFF;

    private static ulong Mask(string status, string name) =>
        ulong.Parse(status.Split('\n').Single(line => line.StartsWith(name + ":"))[(name.Length + 1)..].Trim(), System.Globalization.NumberStyles.HexNumber);
}
