using System.Globalization;
using System.Net;
using System.Text;
using Sysrec.Analysis;
using Sysrec.Text;

namespace Sysrec.Reporting;

/// <summary>Turns what a recording holds into HTML text. Every string from a trace goes through <see cref="Text"/>.</summary>
internal static class Html
{
    /// <summary>Escapes <c>&amp; &lt; &gt; " '</c>, so a string is text in element content and in quoted attributes alike.</summary>
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// A process as stats shows it, <c>comm:pid</c>, escaped for HTML. The comm is whatever bytes a
    /// process chose: written as text first, as <see cref="CommText"/> does (a byte that is not UTF-8 as \xHH).
    /// </summary>
    public static string Process(ProcessStats process) => Text($"{CommText.Escape(process.Comm)}:{process.Pid}");

    /// <summary>A count as stats writes it: digits only, whatever the locale.</summary>
    public static string Number<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Says, when there are more processes than the page shows, that only the busiest are there.</summary>
    /// <param name="what">What the shown ones have, e.g. "have a chart".</param>
    public static string Cap(Report report, string what) => report.ProcessCount <= report.Shown.Count ? ""
        : $" Only the {report.Shown.Count} busiest of the {Number(report.ProcessCount)} processes {what}.";

    /// <summary>A length of time in the unit that keeps it short: <c>850 ns</c>, <c>12.5 µs</c>, <c>3.25 s</c>.</summary>
    public static string Duration(UInt128 ns)
    {
        double n = (double)ns;
        (double unit, string name) = n switch
        {
            < 1e3 => (1.0, "ns"),
            < 1e6 => (1e3, "µs"),
            < 1e9 => (1e6, "ms"),
            _ => (1e9, "s"),
        };
        return $"{(n / unit).ToString("0.###", CultureInfo.InvariantCulture)} {name}";
    }
}
