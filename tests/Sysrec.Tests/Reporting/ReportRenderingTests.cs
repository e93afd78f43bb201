using Sysrec.Tests.Integration;
using static Sysrec.Tests.Reporting.ReportTrace;

namespace Sysrec.Tests.Reporting;

/// <summary>The page as a browser renders it: what it shows is the recording's, and a hostile comm is only text.</summary>
public sealed class ReportRenderingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ABrowserShowsTheProcessesAndSyscallsAndRunsNoScriptFromAComm()
    {
        Chromium.SkipUnlessInstalled();
        File.WriteAllText(_dir.File("t.jsonl"),
            Jsonl(1_000_000, 10, "bash", Nr.Of("openat"), ret: 3) + Jsonl(2_000_000, 10, "bash", Nr.Of("read"), ret: 12)
            + Jsonl(2_500_000, 10, "bash", Nr.Of("openat"), ret: -2)
            + Jsonl(3_000_000, 11, "sr_server", Nr.Of("epoll_wait"), ret: 1, dur: 2_000_000) + Jsonl(9_000_000, 11, "sr_server", Nr.Of("write"), ret: 5)
            + Jsonl(5_000_000, 12, "<script>alert(1)</script>", Nr.Getpid, ret: 12));
        CommandResult result = Run.Command(Repository.Sysrec, ["report", "t.jsonl", "-o", "report.html"], _dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);

        string dom = Chromium.DumpDom(_dir.File("report.html"));

        Assert.Contains("<h1>sysrec report</h1>", dom);
        foreach (string process in new[] { "bash:10", "sr_server:11", "&lt;script&gt;alert(1)&lt;/script&gt;:12" })
        {
            Assert.Contains($"<h3>{process}</h3>", dom);
            Assert.Contains($">{process}</th>", dom);
        }
        foreach (string syscall in new[] { "openat", "read", "epoll_wait", "write", "getpid" })
        {
            Assert.Contains($"<td class=\"syscall\">{syscall}</td>", dom);
            Assert.Contains($">{syscall}</text>", dom);
        }
        Assert.DoesNotContain("<script", dom);
        Assert.Contains("across the 8 ms from the first syscall to the last", dom);
    }
}
