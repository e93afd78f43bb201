using System.Net;
using System.Text.RegularExpressions;
using Sysrec.Reporting;

namespace Sysrec.Tests.Reporting;

/// <summary>A report's page as the tests read it: written in-process, then picked apart by its classes.</summary>
internal sealed partial class ReportPage(string html)
{
    public string Html { get; } = html;

    public static ReportPage Of(Report report)
    {
        using var text = new StringWriter();
        HtmlReportWriter.Write(report, text);
        return new ReportPage(text.ToString());
    }

    /// <summary>The summary table's rows, total last, each as its cells' text.</summary>
    public IReadOnlyList<string[]> SummaryRows => Rows(Section("summary"));

    /// <summary>The timeline's rows ("all processes" first): name, calls, and the shaded cells' tooltips, joined by " | ".</summary>
    public IReadOnlyList<(string Name, string Calls, string Cells)> TimelineRows =>
    [
        .. TableRow().Matches(Body(Section("timeline"))).Select(row => (
            Text(ProcessHeader().Match(row.Value).Groups[1].Value),
            Text(Cells(row.Value)[^1]),
            string.Join(" | ", Tooltips(row.Value)))),
    ];

    /// <summary>The process cards, in page order: the name and each bar's label and count.</summary>
    public IReadOnlyList<(string Name, (string Syscall, long Calls)[] Bars)> Cards =>
    [
        .. Card().Matches(Section("processes")).Select(card => (
            Text(card.Groups[1].Value),
            Bar().Matches(card.Value).Select(bar => (Text(bar.Groups[1].Value), long.Parse(bar.Groups[2].Value))).ToArray())),
    ];

    public string Section(string id)
    {
        Match section = Regex.Match(Html, $"<section id=\"{id}\">.*?</section>", RegexOptions.Singleline);
        Assert.True(section.Success, $"no section {id}");
        return section.Value;
    }

    private static string Body(string table) => Regex.Match(table, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;

    private static IReadOnlyList<string[]> Rows(string html) =>
        [.. TableRow().Matches(html).Select(row => Cells(row.Value).Select(Text).ToArray()).Where(cells => cells.Length > 0)];

    private static string[] Cells(string row) => [.. TableCell().Matches(row).Select(cell => cell.Groups[1].Value)];

    private static string[] Tooltips(string row) => [.. Tooltip().Matches(row).Select(title => Text(title.Groups[1].Value))];

    private static string Text(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex TableCell();

    [GeneratedRegex("<th class=\"process\"[^>]*>(.*?)</th>")]
    private static partial Regex ProcessHeader();

    [GeneratedRegex("<rect [^>]*><title>(.*?)</title></rect>")]
    private static partial Regex Tooltip();

    [GeneratedRegex("<article class=\"card\">\\s*<h3>(.*?)</h3>.*?</article>", RegexOptions.Singleline)]
    private static partial Regex Card();

    [GeneratedRegex("<title>(.*?): (\\d+) calls")]
    private static partial Regex Bar();
}
