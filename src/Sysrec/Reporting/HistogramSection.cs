using System.Globalization;
using Sysrec.Analysis;

namespace Sysrec.Reporting;

/// <summary>
/// A bar chart per shown process of its most frequent syscalls, bars to the scale of its own top one; the
/// part of a bar that failed is red when the recording has returns.
/// </summary>
internal static class HistogramSection
{
    private const int TopSyscalls = 10;
    // The chart's own units; the browser scales it to the card. Labels end at LabelEnd, right-aligned;
    // 23 monospace characters of 12 units fit before it, which only a few i386 names pass.
    private const int Width = 400;
    private const int LabelEnd = 172;
    private const int MaxLabel = 23;
    private const int BarStart = LabelEnd + 6;
    private const int BarWidth = 160;
    private const int RowHeight = 20;

    public static void Write(Report report, TextWriter html)
    {
        html.Write($"""
            <section id="processes">
            <h2>Processes</h2>
            <p class="note">Each process (comm:pid) and its {TopSyscalls} most frequent syscalls, busiest process first.{Html.Cap(report, "have a chart")}{Legend(report.Stats.Overall.Total)}</p>
            <div class="cards">

            """);
        foreach (ProcessStats process in report.Shown)
            WriteCard(process, html);
        html.Write("</div>\n</section>\n");
    }

    private static string Legend(in SyscallTally total) => !total.ErrorsKnown ? ""
        : " <span class=\"swatch\" style=\"background:var(--bar)\"></span>calls <span class=\"swatch\" style=\"background:var(--error)\"></span>errors";

    private static void WriteCard(ProcessStats process, TextWriter html)
    {
        string name = Html.Process(process);
        StatsTable table = process.Table;
        // By calls, ties in table order; StatsTable's own order puts time first.
        StatsRow[] top = [.. table.Rows.OrderByDescending(row => row.Tally.Calls).ThenBy(row => row.Syscall.Abi).ThenBy(row => row.Syscall.Number).Take(TopSyscalls)];
        long most = top[0].Tally.Calls;
        int left = table.Rows.Count - top.Length;
        string more = left == 0 ? "" : $" &middot; {left} more not shown";
        html.Write($"""
            <article class="card">
            <h3>{name}</h3>
            <p class="meta">{Html.Number(table.Total.Calls)} calls &middot; {table.Rows.Count} distinct syscalls{more}</p>
            <svg class="bars" viewBox="0 0 {Width} {top.Length * RowHeight}" role="img" aria-label="most frequent syscalls of {name}">

            """);
        for (int i = 0; i < top.Length; i++)
            WriteBar(top[i], most, i * RowHeight, html);
        html.Write("</svg>\n</article>\n");
    }

    private static void WriteBar(StatsRow row, long most, int y, TextWriter html)
    {
        string label = row.Syscall.Label;
        string shown = Html.Text(label.Length <= MaxLabel ? label : string.Concat(label.AsSpan(0, MaxLabel - 1), "\u2026"));
        SyscallTally tally = row.Tally;
        double width = Math.Max(1.0, (double)BarWidth * tally.Calls / most);
        string errors = tally.ErrorsKnown ? $", {Html.Number(tally.Errors)} errors" : "";
        html.Write($"<g><title>{Html.Text(label)}: {Html.Number(tally.Calls)} calls{errors}</title>"
            + $"<text class=\"label\" x=\"{LabelEnd}\" y=\"{y + 14}\">{shown}</text>"
            + $"<rect class=\"calls\" x=\"{BarStart}\" y=\"{y + 3}\" width=\"{Units(width)}\" height=\"14\"/>");
        if (tally.Errors > 0)
            html.Write($"<rect class=\"errors\" x=\"{BarStart}\" y=\"{y + 3}\" width=\"{Units(width * tally.Errors / tally.Calls)}\" height=\"14\"/>");
        html.Write($"<text class=\"count\" x=\"{Units(BarStart + width + 5)}\" y=\"{y + 14}\">{Html.Number(tally.Calls)}</text></g>\n");
    }

    private static string Units(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
