using System.Diagnostics;

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
        Assert.Equal(0, Tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "30", $"{Repository.Sysrec} top sr_top_busy").ExitCode);
        try
        {
            using var busy = Process.Start(workload, "50000000")!;
            string screen = WaitForScreen(session, text => text.Contains("sr_top_busy"));
            busy.Kill();

            string row = screen.Split('\n').First(line => line.Contains("sr_top_busy"));
            Assert.Contains($"{busy.Id}", row);
            Assert.Contains("getppid", row);
            Assert.Contains("q to quit", screen);

            Tmux("send-keys", "-t", session, "q");
            var quitting = Stopwatch.StartNew();
            while (Tmux("has-session", "-t", session).ExitCode == 0)
            {
                Assert.True(quitting.Elapsed < Eventually.Bound, "top did not quit on q");
                Thread.Sleep(100);
            }
        }
        finally
        {
            Tmux("kill-session", "-t", session);
        }
    }

    [Fact]
    public void VerboseShowsLibbpfsLogAsRecordsDoes()
    {
        using var dir = new TempDirectory();
        string session = $"sysrec-top-verbose-{Environment.ProcessId}";
        Assert.Equal(0, Tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "30", $"{Repository.Sysrec} top -v sr_top_none 2>{dir.File("stderr")}").ExitCode);
        try
        {
            WaitForScreen(session, text => text.Contains("q to quit"));
            Tmux("send-keys", "-t", session, "q");
            var quitting = Stopwatch.StartNew();
            while (Tmux("has-session", "-t", session).ExitCode == 0 && quitting.Elapsed < Eventually.Bound)
                Thread.Sleep(100);
        }
        finally
        {
            Tmux("kill-session", "-t", session);
        }

        string log = File.ReadAllText(dir.File("stderr"));
        Assert.Contains("libbpf: ", log);
        Assert.DoesNotContain("Run 'sysrec top --help'", log);
    }

    private static string WaitForScreen(string session, Func<string, bool> shows)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            string screen = Tmux("capture-pane", "-p", "-t", session).Stdout;
            if (shows(screen))
                return screen;
            Assert.True(waiting.Elapsed < Eventually.Bound, $"the screen never showed it:\n{screen}");
            Thread.Sleep(250);
        }
    }

    private static CommandResult Tmux(params string[] arguments) => Run.Command("tmux", arguments);
}
