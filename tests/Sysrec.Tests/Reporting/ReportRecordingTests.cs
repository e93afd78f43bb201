using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Reporting;

/// <summary>A report of a real recording, made by the real tracer on this kernel, rendered by a browser.</summary>
[Collection(KernelCollection.Name)]
public sealed class ReportRecordingTests
{
    [Fact]
    public void TheReportOfARecordedLsShowsItsSyscalls()
    {
        using var dir = new TempDirectory();
        CommandResult run = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "-o", "t.jsonl", "--", "/bin/ls", "/"], dir.Path);
        Assert.True(run.ExitCode == 0, $"sysrec run exited with {run.ExitCode}: {run.Stderr}");
        IReadOnlyList<JsonlEntry> trace = JsonlTrace.Parse(File.ReadAllText(dir.File("t.jsonl")));
        int ls = trace.First(e => e.Comm == "ls").Pid;

        CommandResult report = Run.Command(Repository.Sysrec, ["report", "t.jsonl", "-o", "report.html"], dir.Path);

        Assert.True(report.ExitCode == 0, report.Stderr);
        var page = new ReportPage(File.ReadAllText(dir.File("report.html")));
        Assert.Equal(trace.Count.ToString(), page.SummaryRows[^1][3]);
        (string name, (string Syscall, long Calls)[] bars) = Assert.Single(page.Cards);
        Assert.Equal($"ls:{ls}", name);
        Assert.Contains(("openat", trace.LongCount(e => e.Nr == Nr.Of("openat"))), bars);

        Chromium.SkipUnlessInstalled();
        string dom = Chromium.DumpDom(dir.File("report.html"));
        Assert.Contains($"<h3>ls:{ls}</h3>", dom);
        Assert.Contains($">ls:{ls}</th>", dom);
        foreach (string syscall in new[] { "getdents64", "openat", "mmap", "write" })
            Assert.Contains($"<td class=\"syscall\">{syscall}</td>", dom);
    }
}
