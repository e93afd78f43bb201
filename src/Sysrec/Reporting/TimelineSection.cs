using System.Globalization;
using Sysrec.Analysis;

namespace Sysrec.Reporting;

/// <summary>
/// When each shown process made its syscalls: a heat strip per process, one cell per time bucket, shaded
/// against the row's own busiest bucket so that a quiet process's pattern shows as well as a busy one's.
/// </summary>
internal static class TimelineSection
{
    public static void Write(Report report, TextWriter html)
    {
        Timeline timeline = report.Timeline;
        TimelineAxis axis = timeline.Axis;
        string along = axis.ByTime
            ? $"across the {Html.Duration(axis.Length - 1)} from the first syscall to the last, in {axis.Buckets} equal spans"
            : $"in the order of the recording's lines, in {axis.Buckets} equal runs of syscalls: a text recording has no timestamps, so line order stands in for time";
        html.Write($"""
            <section id="timeline">
            <h2>Timeline</h2>
            <p class="note">Syscalls {along}. Darker is busier, against the row's busiest span; hover a cell for its count.{Html.Cap(report, "have a row; the first row counts every one")}</p>
            <table class="timeline">
            <thead><tr><th class="process">process</th><th>activity</th><th class="calls num">calls</th></tr></thead>
            <tbody>

            """);
        WriteRow("all processes", " class=\"all\"", report.Stats.Overall.Total.Calls, timeline.All, axis, html);
        for (int i = 0; i < report.Shown.Count; i++)
        {
            ProcessStats process = report.Shown[i];
            WriteRow(Html.Process(process), "", process.Table.Total.Calls, timeline.Rows[i], axis, html);
        }
        html.Write("</tbody>\n<tfoot><tr><td></td><td><div class=\"axis\">");
        for (int quarter = 0; quarter <= 4; quarter++)
        {
            UInt128 at = (axis.Length - 1) * (uint)quarter / 4;
            html.Write($"<span style=\"left:{quarter * 25}%\">{Tick(axis, at)}</span>");
        }
        html.Write("</div></td><td></td></tr></tfoot>\n</table>\n</section>\n");
    }

    /// <param name="name">Already HTML.</param>
    private static void WriteRow(string name, string rowAttributes, long calls, long[] counts, TimelineAxis axis, TextWriter html)
    {
        html.Write($"<tr{rowAttributes}><th class=\"process\" title=\"{name}\">{name}</th><td>");
        html.Write($"<svg class=\"strip\" viewBox=\"0 0 {counts.Length} 1\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"activity of {name}\">");
        long busiest = counts.Max();
        for (int bucket = 0; bucket < counts.Length; bucket++)
        {
            if (counts[bucket] == 0)
                continue;
            // Never fainter than 0.15, so that a single call stays visible next to thousands.
            double shade = 0.15 + 0.85 * counts[bucket] / busiest;
            html.Write($"<rect x=\"{bucket}\" width=\"1\" height=\"1\" fill-opacity=\"{shade.ToString("0.###", CultureInfo.InvariantCulture)}\">"
                + $"<title>{Html.Number(counts[bucket])} {(counts[bucket] == 1 ? "syscall" : "syscalls")}, {Range(axis, bucket)}</title></rect>");
        }
        html.Write($"</svg></td><td class=\"num\">{Html.Number(calls)}</td></tr>\n");
    }

    private static string Range(TimelineAxis axis, int bucket)
    {
        UInt128 start = axis.Offset(bucket), end = axis.Offset(bucket + 1);
        return axis.ByTime ? $"{Tick(axis, start)} to {Tick(axis, end)}"
            : end - start == 1 ? Tick(axis, start)
            : $"syscalls {Html.Number(start + 1)} to {Html.Number(end)}";
    }

    private static string Tick(TimelineAxis axis, UInt128 offset) => axis.ByTime
        ? (offset == 0 ? "0" : $"+{Html.Duration(offset)}")
        : $"syscall {Html.Number(offset + 1)}";
}
