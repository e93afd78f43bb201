using Sysrec.Analysis;
using Sysrec.Reporting;
using Sysrec.Tests.Integration;
using Sysrec.Trace;
using static Sysrec.Tests.Reporting.ReportTrace;

namespace Sysrec.Tests.Reporting;

/// <summary>The page `sysrec report` writes, read back from hand-made recordings.</summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSummaryShowsTheNumbersOfStatsCellForCell(bool jsonl)
    {
        string trace = jsonl
            ? Jsonl(10, 1, "a", 0, ret: 5, dur: 1_000) + Jsonl(20, 1, "a", 0, ret: -11, dur: 3_000) + Jsonl(30, 2, "b", 257, ret: -2, dur: 12_345_678)
              + Jsonl(40, 2, "b", 231, ret: null, dur: null) + Jsonl(50, 1, "a", 1, ret: 1, dur: 900)
            : "1:0:a\n1:0:a\n2:257:b\n2:i386/20:b\n1:99999:a\n";
        Report report = Read(trace);

        // What `sysrec stats` prints, cut into cells: the header, rules and total row's label set aside.
        using var stats = new StringWriter();
        StatsTextWriter.Write(StatsCollector.Read(_dir.File("trace"), null, perProcess: false, top: null), stats);
        string[][] expected = [.. stats.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('%') && !line.StartsWith('-'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

        Assert.Equal(expected, ReportPage.Of(report).SummaryRows);
    }

    [Fact]
    public void EachProcessHasItsTopSyscallsByCountBusiestProcessFirst()
    {
        // a makes 12 distinct syscalls, nr n n+1 times: the two least frequent are left out.
        string trace = string.Concat(Enumerable.Range(0, 12).SelectMany(nr => Enumerable.Repeat($"7:{nr}:a\n", nr + 1)))
            + $"8:{Nr.Of("write")}:b\n8:{Nr.Of("write")}:b\n8:{Nr.Of("read")}:b\n";

        ReportPage page = ReportPage.Of(Read(trace));

        Assert.Equal(["a:7", "b:8"], page.Cards.Select(card => card.Name));
        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(nr => (Label(nr), (long)nr + 1)), page.Cards[0].Bars);
        Assert.Equal([("write", 2L), ("read", 1L)], page.Cards[1].Bars);
        Assert.Contains("2 more not shown", page.Section("processes"));
    }

    [Fact]
    public void AJsonlTimelineBucketsByTimestampAcrossTheRecordingsSpan()
    {
        // With --exit a line is written when its call returns, so the earliest timestamp is not first.
        string trace = Jsonl(1_050, 1, "a", 0) + Jsonl(1_000, 2, "b", 0) + Jsonl(1_099, 1, "a", 0) + Jsonl(1_020, 1, "a", 0);

        ReportPage page = ReportPage.Of(Read(trace));

        Assert.Contains("across the 99 ns from the first syscall to the last, in 100 equal spans", page.Html);
        Assert.Equal(
        [
            ("all processes", "4", "1 syscall, 0 to +1 ns | 1 syscall, +20 ns to +21 ns | 1 syscall, +50 ns to +51 ns | 1 syscall, +99 ns to +100 ns"),
            ("a:1", "3", "1 syscall, +20 ns to +21 ns | 1 syscall, +50 ns to +51 ns | 1 syscall, +99 ns to +100 ns"),
            ("b:2", "1", "1 syscall, 0 to +1 ns"),
        ], page.TimelineRows);
    }

    [Fact]
    public void ATextTimelineUsesLineOrderAndSaysSo()
    {
        ReportPage page = ReportPage.Of(Read("1:0:a\n\n2:0:b\n1:1:a\n1:1:a\n"));

        Assert.Contains("a text recording has no timestamps, so line order stands in for time", page.Html);
        Assert.Contains("no timestamps (text recording)", page.Html);
        Assert.Equal(
        [
            ("all processes", "4", "1 syscall, syscall 1 | 1 syscall, syscall 2 | 1 syscall, syscall 3 | 1 syscall, syscall 4"),
            ("a:1", "3", "1 syscall, syscall 1 | 1 syscall, syscall 3 | 1 syscall, syscall 4"),
            ("b:2", "1", "1 syscall, syscall 2"),
        ], page.TimelineRows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnlyTheFiftyBusiestProcessesGetAChartAndARowAndThePageSaysSo(bool jsonl)
    {
        ReportPage page = ReportPage.Of(Read(ManyProcesses(60, jsonl)));

        string[] busiest = [.. Enumerable.Range(10, 50).Reverse().Select(process => $"p{process}:{100 + process}")];
        Assert.Equal(busiest, page.Cards.Select(card => card.Name));
        Assert.Equal(["all processes", .. busiest], page.TimelineRows.Select(row => row.Name));
        Assert.Equal($"{Enumerable.Range(1, 60).Sum()}", page.TimelineRows[0].Calls);
        Assert.Contains("Only the 50 busiest of the 60 processes have a chart.", page.Html);
        Assert.Contains("Only the 50 busiest of the 60 processes have a row;", page.Html);
        Assert.Contains("&middot; 60 processes", page.Html);
    }

    [Fact]
    public void FiftyProcessesAreAllShownWithoutACapNote()
    {
        ReportPage page = ReportPage.Of(Read(ManyProcesses(50, jsonl: false)));

        Assert.Equal(50, page.Cards.Count);
        Assert.DoesNotContain("busiest of the", page.Html);
    }

    [Theory]
    [InlineData("1:0:<script>alert(1)</script>\n", "<script>alert(1)</script>:1", "<script>")]
    [InlineData("1:0:x\" onload=\"alert(1)\n", "x\" onload=\"alert(1):1", "\" onload=\"")]
    [InlineData("1:0:x' onload='alert(1)\n", "x' onload='alert(1):1", "' onload='")]
    [InlineData("1:0:a&lt;b\\x1b[31m\n", "a&lt;b\\x1b[31m:1", "&lt;b")]
    public void AHostileCommIsTextEverywhereItShows(string trace, string shown, string forbidden)
    {
        ReportPage page = ReportPage.Of(Read(trace));

        Assert.DoesNotContain(forbidden, page.Html);
        Assert.Equal(shown, Assert.Single(page.Cards).Name);
        Assert.Equal(shown, page.TimelineRows[1].Name);
    }

    [Fact]
    public void AHostileCommInJsonlIsEscapedToo()
    {
        ReportPage page = ReportPage.Of(Read(Jsonl(1, 1, "<script>alert(1)</script>\\u001b", 0)));

        Assert.DoesNotContain("<script>", page.Html);
        Assert.Equal("<script>alert(1)</script>\\x1b:1", Assert.Single(page.Cards).Name);
    }

    [Fact]
    public void ABytesThatIsNotUtf8ShowsAsItsEscapeAsTheReadmeSaysNotAsAReplacementCharacter()
    {
        File.WriteAllBytes(_dir.File("trace"), [.. "1:0:caf"u8, 0xC3, 0xA9, 0xFF, (byte)'\n']);

        ReportPage page = ReportPage.Of(Report.Read(_dir.File("trace")));

        Assert.Equal("caf\u00e9\\xff:1", Assert.Single(page.Cards).Name);
        Assert.DoesNotContain("\uFFFD", page.Html);
    }

    [Fact]
    public void ThePageFetchesNothingAndRunsNoScript()
    {
        string html = ReportPage.Of(Read(ManyProcesses(3, jsonl: true))).Html;

        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
    }

    private static string Label(long nr) => new SyscallKey(Sysrec.Syscalls.SyscallAbi.Native, nr).Label;

    private Report Read(string trace)
    {
        File.WriteAllText(_dir.File("trace"), trace);
        return Report.Read(_dir.File("trace"));
    }
}
