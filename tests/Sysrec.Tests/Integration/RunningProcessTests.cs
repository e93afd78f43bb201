namespace Sysrec.Tests.Integration;

/// <summary>
/// Processes already running when recording starts: found by the name in their argv[0], with --pid and
/// --follow their descendants that run already, and the exec line the recorder writes for them from
/// /proc (a program deleted since it started); and the exec line of a path too long to keep whole.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RunningProcessTests
{
    private static readonly long[] s_awaitedBlockOf6 = [Nr.SchedYield, .. Enumerable.Repeat(Nr.Getppid, 6), Nr.SchedYield, Nr.ExitGroup];

    [Fact]
    public void AProcessIsFoundByTheNameItsArgv0Gives()
    {
        string workload = Workloads.Build("await_line.c", "sr_exe_name");
        // bash's exec -a: the program is sr_exe_name, its argv[0] another name, as a symlink or a launcher would give.
        using var running = InteractiveWorkload.StartWaiting("bash", "-c", "exec -a sr_argv0_name \"$0\" 6", workload);
        var trace = Recording.While(["sr_argv0_name"], () =>
        {
            running.SendLine();
            running.WaitForSuccess();
        }).Entries;

        Assert.Equal(s_awaitedBlockOf6, trace.SyscallsOf(running.Pid));
        Assert.All(trace, e => Assert.Equal(running.Pid, e.Pid));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PidWithFollowAlsoTracesTheDescendantsRunningAlready(bool follow)
    {
        string workload = Workloads.Build("await_line.c", "sr_descendant");
        // The given shell has a child shell, which has the workload: a grandchild, waiting for the test's line on fd 3.
        using var shell = InteractiveWorkload.Start("bash", "-c", "exec 3<&0; bash -c '\"$0\" 6 <&3; true' \"$0\" & echo $!; wait", workload);
        string[] said = [shell.ReadLine()!, shell.ReadLine()!];
        Assert.Contains("ready", said);
        int child = int.Parse(said.Single(line => line != "ready"));
        int grandchild = int.Parse(Run.Command("pgrep", ["-P", child.ToString()]).Stdout);
        var trace = Recording.While(["-p", shell.Pid.ToString(), .. follow ? ["--follow"] : Array.Empty<string>()], () =>
        {
            shell.SendLine();
            shell.WaitForSuccess();
        }).Entries;

        Assert.Equal(Nr.ExitGroup, trace.SyscallsOf(shell.Pid)[^1]);
        if (follow)
        {
            Assert.Equal(s_awaitedBlockOf6, trace.SyscallsOf(grandchild));
            Assert.Equal(Nr.ExitGroup, trace.SyscallsOf(child)[^1]);
        }
        else
        {
            Assert.All(trace, e => Assert.Equal(shell.Pid, e.Pid));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AProcessWhoseProgramWasDeletedIsFoundAndItsExecLineSaysDeleted(bool byPid)
    {
        using var dir = new TempDirectory();
        string program = dir.File("sr_deleted");
        File.Copy(Workloads.Build("await_line.c", "sr_deleted_build"), program);
        // Under another argv[0], so that by name only the program's own name, without " (deleted)", can find it.
        using var running = InteractiveWorkload.StartWaiting("bash", "-c", "exec -a sr_other_argv0 \"$0\" 6", program);
        File.Delete(program);
        var recording = Recording.While(byPid ? ["-p", running.Pid.ToString()] : ["sr_deleted"], () =>
        {
            running.SendLine();
            running.WaitForSuccess();
        }, Recording.Jsonl);

        ExecEvent exec = Assert.Single(recording.Execs);
        Assert.Equal((running.Pid, $"{program} (deleted)", false), (exec.Pid, exec.Exe, exec.ExeTruncated));
        Assert.Equal(s_awaitedBlockOf6, recording.JsonlEntries.Where(e => e.Pid == running.Pid).Select(e => e.Nr));
    }

    [Theory]
    [InlineData(255, false)]
    [InlineData(256, true)]
    [InlineData(400, true)]
    public void AnExecOfAPathPast255BytesIsCutThereAndSaysSo(int length, bool truncated)
    {
        using var dir = new TempDirectory();
        string folder = dir.Path;
        while (folder.Length < length - 60)
            folder = Path.Combine(folder, new string('d', 40));
        Directory.CreateDirectory(folder);
        string program = Path.Combine(folder, "sr_long_path_".PadRight(length - folder.Length - 1, 'x'));
        Assert.Equal(length, program.Length);
        File.Copy(Workloads.Build("getppid_loop.c", "sr_long_path_build"), program);

        var recording = Recording.OfCommand(["--format", "jsonl"], program, "3");

        Assert.Equal(0, recording.Recorder.ExitCode);
        ExecEvent exec = Assert.Single(recording.Execs);
        Assert.Equal((program[..Math.Min(length, 255)], truncated), (exec.Exe, exec.ExeTruncated));
        Assert.Equal([3], MarkerBlocks.In([.. recording.JsonlEntries.Select(e => e.Nr)]));
    }
}
