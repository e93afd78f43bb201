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
