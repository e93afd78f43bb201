using System.Globalization;
using Sysrec.Trace;

namespace Sysrec.Analysis;

/// <summary>
/// Writes stats as strace -c does: <c>% time, seconds, usecs/call, calls, errors, syscall</c>, a dashed rule,
/// and a total row. A value the recording does not have (times and errors without --exit) shows as "-".
/// Without times the first column is the share of calls, headed "% calls". With --per-process each
/// process's table follows, headed <c>comm:pid</c> (the comm escaped as in text traces); with --per-cgroup
/// each cgroup's, headed <c>cgroup PATH</c> (<c>cgroup id N</c> where the recording could not name it).
/// </summary>
internal static class StatsTextWriter
{
    private static readonly string[] s_headersAfterPercent = ["seconds", "usecs/call", "calls", "errors", "syscall"];
    // strace's own widths, so a short table lines up as strace's does.
    private static readonly int[] s_minimumWidths = [6, 11, 11, 9, 9, 16];

    public static void Write(StatsReport report, TextWriter output)
    {
        WriteTable(report.Overall, output);
        foreach (ProcessStats process in report.Processes ?? [])
        {
            output.WriteLine();
            output.WriteLine($"{Escaped(process.Comm)}:{process.Pid}");
            WriteTable(process.Table, output);
        }
        foreach (CgroupStats cgroup in report.Cgroups ?? [])
        {
            output.WriteLine();
            output.WriteLine(cgroup.Path.Length > 0 ? $"cgroup {Escaped(cgroup.Path)}" : $"cgroup id {cgroup.Id}");
            WriteTable(cgroup.Table, output);
        }
    }

    private static void WriteTable(StatsTable table, TextWriter output)
    {
        List<string[]> body = [.. table.Rows.Select(row => Cells(table, row.Tally, row.Syscall.Label))];
        string[] total = Cells(table, table.Total, "total");
        string[] headers = [table.ByTime ? "% time" : "% calls", .. s_headersAfterPercent];
        int[] widths = [.. s_minimumWidths.Select((minimum, column) =>
            Math.Max(minimum, body.Append(total).Append(headers).Max(cells => cells[column].Length)))];
        string rule = string.Join(' ', widths.Select(width => new string('-', width)));

        WriteLine(output, headers, widths);
        output.WriteLine(rule);
        foreach (string[] cells in body)
            WriteLine(output, cells, widths);
        output.WriteLine(rule);
        WriteLine(output, total, widths);
    }

    private static string[] Cells(StatsTable table, in SyscallTally tally, string syscall) =>
    [
        tally.Calls == 0 ? "-" : table.Percent(tally).ToString("F2", CultureInfo.InvariantCulture),
        tally.TimeKnown ? (tally.TotalNs / 1e9).ToString("F6", CultureInfo.InvariantCulture) : "-",
        tally.TimeKnown ? (tally.MeanNs / 1000).ToString(CultureInfo.InvariantCulture) : "-",
        tally.Calls.ToString(CultureInfo.InvariantCulture),
        tally.ErrorsKnown ? tally.Errors.ToString(CultureInfo.InvariantCulture) : "-",
        syscall,
    ];

    // A comm is whatever bytes a process chose: escaped, it cannot break the table or the terminal; read
    // as UTF-8, a UTF-8 name shows as it is.
    private static string Escaped(byte[] comm) => CommText.ForTerminal(comm);

    private static void WriteLine(TextWriter output, string[] cells, int[] widths)
    {
        for (int column = 0; column < cells.Length - 1; column++)
        {
            output.Write(cells[column].PadLeft(widths[column]));
            output.Write(' ');
        }
        output.WriteLine(cells[^1]);
    }
}
