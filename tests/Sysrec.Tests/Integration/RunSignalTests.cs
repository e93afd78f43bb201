using System.Diagnostics;

namespace Sysrec.Tests.Integration;

/// <summary>
/// `sysrec run` and the signals around its command: a command a signal kills makes sysrec exit 128+N,
/// SIGTERM and SIGHUP sent to sysrec are passed on to the command, and Ctrl-C at a terminal reaches the
/// command, which ends as it chooses while sysrec records to the end.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RunSignalTests
{
    private const int SIGUSR1 = 10;

    [Theory]
    [InlineData(SIGUSR1)]
    [InlineData(RecorderProcess.SIGKILL)]
    public void ACommandKilledBySignalNMakesRunExit128PlusN(int signal)
    {
        var recording = Recording.OfCommand(["--format", "jsonl"], "sh", "-c", $"kill -{signal} $$");

        Assert.True(recording.Recorder.ExitCode == 128 + signal, $"sysrec run exited with {recording.Recorder.ExitCode}: {recording.Recorder.Stderr}");
        JsonlEntry kill = recording.JsonlEntries.Last(e => e.Name == "kill");
        Assert.Equal((ulong)signal, kill.Args[1]);
        Assert.Contains("; 1 task traced, 0 still running", recording.Recorder.Stderr);
    }

    [Theory]
    [InlineData(RecorderProcess.SIGTERM, "TERM", true)]
    [InlineData(RecorderProcess.SIGHUP, "HUP", true)]
    [InlineData(RecorderProcess.SIGTERM, "TERM", false)]
    public async Task ASignalSentToRunIsPassedOnToTheCommand(int signal, string name, bool caught)
    {
        // A command that catches the signal exits 40+N from its handler; one that does not dies of it.
        string trap = caught ? $"trap 'exit {40 + signal}' {name}; " : "";
        using var dir = new TempDirectory();
        using var run = Process.Start(new ProcessStartInfo(Repository.Sysrec,
            ["run", "--format", "jsonl", "-o", dir.File("t.jsonl"), "--", "sh", "-c", trap + "echo ready; while :; do sleep 0.05; done"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Task<string> stderr = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal("ready", run.StandardOutput.ReadLine());
            Assert.Equal(0, RecorderProcess.Kill(run.Id, signal));
            Assert.True(run.WaitForExit(Eventually.Bound), "sysrec run did not end after its command was signalled");
        }
        finally
        {
            run.Kill(entireProcessTree: true);
        }
        string errors = await stderr;

        Assert.True(run.ExitCode == (caught ? 40 + signal : 128 + signal), $"sysrec run exited with {run.ExitCode}: {errors}");
        // Recorded to the command's end: the shell's own exit, from the handler, is in the trace.
        var calls = JsonlTrace.Parse(File.ReadAllText(dir.File("t.jsonl")));
        int shell = calls[0].Pid;
        if (caught)
            Assert.Equal(("exit_group", (ulong)(40 + signal)), (calls.Last(e => e.Pid == shell).Name!, calls.Last(e => e.Pid == shell).Args[0]));
        Assert.Matches(@"sysrec: \d+ events written to .*t\.jsonl, 0 dropped", errors);
    }

    [Fact]
    public async Task SigtermSentAsRunStartsEndsItsCommandOnceItHasOne()
    {
        // sysrec takes SIGTERM over before it loads the BPF program, and starts the command only then: a
        // signal sent in between is for the command all the same, not lost while it runs on. Sent the moment
        // sysrec catches it, several times, since the command's start can race it.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            using var dir = new TempDirectory();
            using var run = Process.Start(new ProcessStartInfo(Repository.Sysrec,
                ["run", "--format", "jsonl", "-o", dir.File("t.jsonl"), "--", "sh", "-c", "while :; do sleep 0.05; done"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            Task<string> stderr = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            try
            {
                WaitUntilCaught(run, RecorderProcess.SIGTERM);
                Assert.Equal(0, RecorderProcess.Kill(run.Id, RecorderProcess.SIGTERM));
                Assert.True(run.WaitForExit(Eventually.Bound), $"sysrec run and its command ran on after SIGTERM (attempt {attempt + 1})");
            }
            finally
            {
                run.Kill(entireProcessTree: true);
            }
            string errors = await stderr;

            Assert.True(run.ExitCode == 128 + RecorderProcess.SIGTERM, $"sysrec run exited with {run.ExitCode}: {errors}");
            // sysrec itself did not die of it: it recorded to the command's end.
            Assert.Matches(@"sysrec: \d+ events written to .*t\.jsonl, 0 dropped; \d+ tasks? traced, 0 still running", errors);
        }
    }

    /// <summary>Spins until <paramref name="process"/> catches <paramref name="signal"/> (its SigCgt bit), sooner than any sleep would.</summary>
    private static void WaitUntilCaught(Process process, int signal)
    {
        var clock = Stopwatch.StartNew();
        while (!IsCaught(process.Id, signal))
        {
            if (process.HasExited || clock.Elapsed > Eventually.Bound)
                Assert.Fail($"sysrec run never caught signal {signal}");
        }
    }

    private static bool IsCaught(int pid, int signal)
    {
        try
        {
            string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
            ulong caught = ulong.Parse(line.AsSpan("SigCgt:".Length).Trim(), System.Globalization.NumberStyles.HexNumber);
            return (caught & (1UL << (signal - 1))) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void CtrlCAtTheTerminalReachesTheCommandAndRunRecordsItsEnd()
    {
        using var dir = new TempDirectory();
        string session = $"sysrec-run-ctrl-c-{Environment.ProcessId}";
        string command = $"{Repository.Sysrec} run --format jsonl -o t.jsonl -- sh -c 'trap \"exit 50\" INT; echo ready; while :; do sleep 0.05; done'; echo \"exit $?\" > rc";
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-c", dir.Path, "-x", "160", "-y", "30", command).ExitCode);
        try
        {
            Tmux.WaitForScreen(session, screen => screen.Contains("ready"));
            Tmux.Run("send-keys", "-t", session, "C-c");
            Eventually.Holds(() => File.Exists(dir.File("rc")) && File.ReadAllText(dir.File("rc")).EndsWith('\n'), "sysrec run to end after Ctrl-C");
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }

        Assert.Equal("exit 50\n", File.ReadAllText(dir.File("rc")));
        var calls = JsonlTrace.Parse(File.ReadAllText(dir.File("t.jsonl")));
        Assert.Equal(("exit_group", 50ul), (calls.Last(e => e.Pid == calls[0].Pid).Name!, calls.Last(e => e.Pid == calls[0].Pid).Args[0]));
    }
}
