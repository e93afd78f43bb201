using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// What a person at a terminal sees on stderr (tmux is the terminal): the recorder's status line, which
/// counts what was written and gives way to the end report; none while the echo scrolls; export's
/// progress line; and libbpf's log with -v.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class TerminalOutputTests
{
    [Fact]
    public void TheStatusLineCountsWhatIsWrittenAndGivesWayToTheEndReport()
    {
        const string Calls = "60000";
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_status_line");
        int expected = Strace.SyscallsAfterExec(workload, Calls).Count;
        string session = $"sysrec-status-{Environment.ProcessId}";
        // The echo goes to /dev/null, so the terminal is free for the status line.
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-c", dir.Path, "-x", "200", "-y", "30",
            $"{Repository.Sysrec} record -o t.log sr_status_line >/dev/null; sleep 60").ExitCode);
        string screen;
        try
        {
            Tmux.WaitForScreen(session, text => text.Contains("sysrec: recording sr_status_line to t.log"));
            Workloads.RunToEnd(workload, Calls);
            // Redrawn each second: once the workload is done, it has every call, written, and no task left traced.
            string size = "";
            Tmux.WaitForScreen(session, text =>
            {
                size = $"{new FileInfo(dir.File("t.log")).Length / (1024.0 * 1024.0):0.0} MiB written";
                return Regex.IsMatch(text, $@"sysrec: {expected:N0} events \([\d,]+/s\), 0 dropped, 0 tasks traced, {Regex.Escape(size)}\s*$", RegexOptions.Multiline);
            });
            Tmux.Run("send-keys", "-t", session, "C-c");
            screen = Tmux.WaitForScreen(session, text => text.Contains(" still running"));
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }

        // The report starts on a line of its own: nothing of the status line is left before or after it.
        Assert.Contains($"\nsysrec: {expected} events written to t.log, 0 dropped; 1 task traced, 0 still running\n", screen);
        Assert.DoesNotContain("/s),", screen);
        Assert.Equal(expected, File.ReadAllLines(dir.File("t.log")).Length);
    }

    [Fact]
    public void NoStatusLineWhileTheEchoScrollsOnTheSameTerminal()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_status_echo");
        string session = $"sysrec-status-echo-{Environment.ProcessId}";
        using var dir = new TempDirectory();
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-c", dir.Path, "-x", "200", "-y", "30", $"{Repository.Sysrec} record sr_status_echo").ExitCode);
        try
        {
            Tmux.WaitForScreen(session, text => text.Contains("sysrec: recording sr_status_echo"));
            int pid = Workloads.RunToEnd(workload, "50");
            Tmux.WaitForScreen(session, text => text.Contains($"{pid}:{Nr.ExitGroup}:sr_status_echo"));
            // Three seconds of screens, each of which a status line would have been drawn on.
            var watching = System.Diagnostics.Stopwatch.StartNew();
            while (watching.Elapsed < TimeSpan.FromSeconds(3))
                Assert.DoesNotContain(" events (", Tmux.Run("capture-pane", "-p", "-t", session).Stdout);
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }
    }

    [Fact]
    public void ExportShowsHowFarItHasGotWhileItWaitsForTheRestAndEndsOnItsReport()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_export_line");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.log"), Recording.While(["sr_export_line"], () => Workloads.RunToEnd(workload, "100000")).Trace);
        int calls = File.ReadAllLines(dir.File("t.log")).Length;
        string session = $"sysrec-export-line-{Environment.ProcessId}";
        // The recording comes through a pipe, a second late and with a pause after a row group's worth:
        // the line is redrawn at most once a second, as each row group of 65,536 calls is written.
        string feed = "{ sleep 1.5; head -n 70000 t.log; sleep 3; tail -n +70001 t.log; }";
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-c", dir.Path, "-x", "200", "-y", "30",
            $"{feed} | {Repository.Sysrec} export /dev/stdin -o t.parquet; sleep 60").ExitCode);
        string screen;
        try
        {
            Tmux.WaitForScreen(session, text => Regex.IsMatch(text, @"^sysrec: 65,536 calls exported\s*$", RegexOptions.Multiline));
            screen = Tmux.WaitForScreen(session, text => text.Contains("to t.parquet"));
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }

        // The report took the progress line's place: nothing of it is left.
        Assert.Matches($@"(^|\n)sysrec: {calls} calls exported to t\.parquet\n", screen);
        Assert.DoesNotMatch(@"calls exported\s*\n", screen);
    }

    [Fact]
    public void VerboseShowsLibbpfsLogWhileLoadingAndQuietDoesNot()
    {
        using var dir = new TempDirectory();
        CommandResult verbose = Run.Command(Repository.Sysrec, ["record", "-v", "-q", "-o", "t.log", "--duration", "0.1", "sr_verbose"], dir.Path);
        CommandResult plain = Run.Command(Repository.Sysrec, ["record", "-q", "-o", "t.log", "--duration", "0.1", "sr_verbose"], dir.Path);

        Assert.Equal((0, 0), (verbose.ExitCode, plain.ExitCode));
        Assert.Contains("libbpf: ", verbose.Stderr);
        Assert.DoesNotContain("libbpf", plain.Stderr);
        Assert.Equal(2, plain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // "recording ...", the end report
    }
}
