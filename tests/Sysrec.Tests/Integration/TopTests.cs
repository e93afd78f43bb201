using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>`sysrec top` driven as a person would: in a terminal (tmux), reading the screen, pressing q.</summary>
[Collection(KernelCollection.Name)]
public sealed class TopTests
{
    [Fact]
    public void ShowsABusyProcessWithItsHottestSyscallAndQuitsOnQ()
    {
        string session = $"sysrec-top-{Environment.ProcessId}";
        string workload = Workloads.Build("getppid_loop.c", "sr_top_busy");
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-x", "160", "-y", "30", $"{Repository.Sysrec} top sr_top_busy").ExitCode);
        try
        {
            using var busy = Process.Start(workload, "50000000")!;
            string screen = Tmux.WaitForScreen(session, text => text.Contains("sr_top_busy"));
            busy.Kill();

            string row = screen.Split('\n').First(line => line.Contains("sr_top_busy"));
            Assert.Contains($"{busy.Id}", row);
            Assert.Contains("getppid", row);
            Assert.Contains("q to quit", screen);

            Tmux.Run("send-keys", "-t", session, "q");
            Tmux.WaitForEnd(session, "top to quit on q");
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }
    }

    [Fact]
    public void ByDefaultEveryProcessIsShownAtItsRateAndCtrlCQuitsWritingNoFile()
    {
        const int Rate = 200;
        using var dir = new TempDirectory();
        string session = $"sysrec-top-star-{Environment.ProcessId}";
        string workload = Workloads.Build("paced_getppid.c", "sr_top_paced");
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-c", dir.Path, "-x", "160", "-y", "50", ThenSayHowItEnded($"{Repository.Sysrec} top")).ExitCode);
        try
        {
            Tmux.WaitForScreen(session, text => text.Contains("q to quit"));
            using var paced = Process.Start(workload, $"{Rate} 60")!;
            // A rate is per second of the last interval: it holds as the counts grow, seconds after the process appeared.
            string row = "";
            Stopwatch? shown = null;
            Eventually.Holds(() =>
            {
                row = Tmux.Run("capture-pane", "-p", "-t", session).Stdout.Split('\n').FirstOrDefault(line => line.Contains("sr_top_paced")) ?? "";
                shown ??= row.Length > 0 ? Stopwatch.StartNew() : null;
                Match rates = Regex.Match(row, $@"^\s*{paced.Id} sr_top_paced\s+([\d,]+)\s+(getppid|clock_nanosleep) ([\d,]+)\s+(getppid|clock_nanosleep) ([\d,]+)");
                return shown?.Elapsed > TimeSpan.FromSeconds(3) && rates.Success
                    && new[] { 1, 3, 5 }.All(group => Math.Abs(double.Parse(rates.Groups[group].Value) / (group == 1 ? 2 * Rate : Rate) - 1) < 0.2);
            }, () => $"{Rate} getppid and {Rate} clock_nanosleep a second in the row of pid {paced.Id}; it is: '{row}'");
            paced.Kill();

            Tmux.Run("send-keys", "-t", session, "C-c");
            AssertEndedCleanly(session);
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }

        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void SigtermQuitsAndLeavesTheTerminalAsItWas()
    {
        string session = $"sysrec-top-term-{Environment.ProcessId}";
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-x", "160", "-y", "30", ThenSayHowItEnded($"{Repository.Sysrec} top sr_top_none")).ExitCode);
        try
        {
            Tmux.WaitForScreen(session, text => text.Contains("q to quit"));
            Assert.Equal(0, RecorderProcess.Kill(TopUnder(session), RecorderProcess.SIGTERM));
            AssertEndedCleanly(session);
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }
    }

    [Fact]
    public void ATerminalThatHangsUpEndsTop()
    {
        string session = $"sysrec-top-hangup-{Environment.ProcessId}";
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-x", "160", "-y", "30", ThenSayHowItEnded($"{Repository.Sysrec} top sr_top_none")).ExitCode);
        int top;
        try
        {
            Tmux.WaitForScreen(session, text => text.Contains("q to quit"));
            top = TopUnder(session);
        }
        finally
        {
            // The terminal goes away as when an ssh connection drops: its processes get SIGHUP, and reading it gives nothing.
            Tmux.Run("kill-session", "-t", session);
        }

        bool Ended()
        {
            try
            {
                return File.ReadAllText($"/proc/{top}/stat").Split(") ")[1][0] == 'Z';
            }
            catch (IOException)
            {
                return true; // gone, and reaped
            }
        }
        try
        {
            Eventually.Holds(Ended, $"top (pid {top}) to end once its terminal hung up");
        }
        finally
        {
            // A top that did not end is still that pid's owner, and would spin on its dead terminal for ever.
            if (!Ended())
                RecorderProcess.Kill(top, RecorderProcess.SIGKILL);
        }
    }

    /// <summary>The sysrec top the session's shell runs.</summary>
    private static int TopUnder(string session)
    {
        string shell = Tmux.Run("display-message", "-p", "-t", session, "#{pane_pid}").Stdout.Trim();
        int top = int.Parse(Run.Command("pgrep", ["-P", shell]).Stdout);
        Assert.Equal("sysrec", File.ReadAllText($"/proc/{top}/comm").Trim());
        return top;
    }

    /// <summary>The pane's shell says how top ended, then stays, so the screen after it can be read.</summary>
    private static string ThenSayHowItEnded(string top) => $"{top}; echo \"top exited with $?\"; sleep 60";

    /// <summary>top exited 0 and left the alternate screen: the shell's line is on the terminal's own screen, top's view is gone.</summary>
    private static void AssertEndedCleanly(string session)
    {
        string screen = Tmux.WaitForScreen(session, text => text.Contains("top exited with"));
        Assert.Contains("top exited with 0", screen);
        Assert.DoesNotContain("q to quit", screen);
    }

    [Fact]
    public void VerboseShowsLibbpfsLogAsRecordsDoes()
    {
        using var dir = new TempDirectory();
        string session = $"sysrec-top-verbose-{Environment.ProcessId}";
        Assert.Equal(0, Tmux.Run("new-session", "-d", "-s", session, "-x", "160", "-y", "30", $"{Repository.Sysrec} top -v sr_top_none 2>{dir.File("stderr")}").ExitCode);
        try
        {
            Tmux.WaitForScreen(session, text => text.Contains("q to quit"));
            Tmux.Run("send-keys", "-t", session, "q");
            Tmux.WaitForEnd(session, "top to quit on q");
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }

        string log = File.ReadAllText(dir.File("stderr"));
        Assert.Contains("libbpf: ", log);
        Assert.DoesNotContain("Run 'sysrec top --help'", log);
    }
}
