namespace Sysrec.Reporting;

/// <summary>
/// Writes a report as one self-contained HTML page: inline CSS, SVG charts, no script. Its Content
/// Security Policy forbids every fetch and every script, so even a name that slipped past escaping could
/// neither run nor reach the network.
/// </summary>
internal static class HtmlReportWriter
{
    public static void Write(Report report, TextWriter html)
    {
        string source = Html.Text(report.Source);
        html.Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>sysrec report: {source}</title>
            <style>
            {ReportStyle.Css}
            </style>
            </head>
            <body>
            <header>
            <h1>sysrec report</h1>
            <p class="meta"><code>{source}</code> &middot; {Html.Number(report.Stats.Overall.Total.Calls)} syscalls
            &middot; {Html.Number(report.ProcessCount)} {(report.ProcessCount == 1 ? "process" : "processes")}
            &middot; {Html.Number(report.Stats.Overall.Rows.Count)} distinct syscalls
            &middot; {Span(report.Timeline.Axis)}</p>
            <nav><a href="#summary">Syscalls</a><a href="#timeline">Timeline</a><a href="#processes">Processes</a>{(report.Resources is null ? "" : "<a href=\"#files\">Files and sockets</a>")}</nav>
            </header>

            """);
        SummarySection.Write(report.Stats.Overall, html);
        TimelineSection.Write(report, html);
        HistogramSection.Write(report, html);
        ResourcesSection.Write(report, html);
        html.Write("</body>\n</html>\n");
    }

    private static string Span(TimelineAxis axis) => axis.ByTime
        ? $"{Html.Duration(axis.Length - 1)} from first to last syscall"
        : "no timestamps (text recording)";
}
