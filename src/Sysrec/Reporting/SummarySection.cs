using System.Globalization;
using Sysrec.Analysis;

namespace Sysrec.Reporting;

/// <summary>The whole recording's table, with the columns, order and numbers of `sysrec stats`.</summary>
internal static class SummarySection
{
    public static void Write(StatsTable table, TextWriter html)
    {
        html.Write($"""
            <section id="summary">
            <h2>Syscalls</h2>
            <p class="note">The numbers of <code>sysrec stats</code>, by total time, then calls.{Unknown(table.Total)}</p>
            <table class="summary">
            <thead><tr><th class="num">{(table.ByTime ? "% time" : "% calls")}</th><th class="num">seconds</th><th class="num">usecs/call</th><th class="num">calls</th><th class="num">errors</th><th>syscall</th></tr></thead>
            <tbody>

            """);
        foreach (StatsRow row in table.Rows)
            WriteRow(table, row.Tally, row.Syscall.Label, html);
        html.Write("</tbody>\n<tfoot>");
        WriteRow(table, table.Total, "total", html);
        html.Write("</tfoot>\n</table>\n</section>\n");
    }

    private static string Unknown(in SyscallTally total) => total.TimeKnown || total.ErrorsKnown ? ""
        : " Times and errors (-) are not in this recording: they need one made with <code>--format jsonl --exit</code>.";

    private static void WriteRow(StatsTable table, in SyscallTally tally, string syscall, TextWriter html)
    {
        html.Write("<tr>");
        foreach (string number in Numbers(table, tally))
            html.Write($"<td class=\"num\">{number}</td>");
        html.Write($"<td class=\"syscall\">{Html.Text(syscall)}</td></tr>\n");
    }

    // As StatsTextWriter formats them, "-" for what the recording does not have.
    private static string[] Numbers(StatsTable table, in SyscallTally tally) =>
    [
        tally.Calls == 0 ? "-" : table.Percent(tally).ToString("F2", CultureInfo.InvariantCulture),
        tally.TimeKnown ? (tally.TotalNs / 1e9).ToString("F6", CultureInfo.InvariantCulture) : "-",
        tally.TimeKnown ? Html.Number(tally.MeanNs / 1000) : "-",
        Html.Number(tally.Calls),
        tally.ErrorsKnown ? Html.Number(tally.Errors) : "-",
    ];
}
