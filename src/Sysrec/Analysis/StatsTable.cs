using Sysrec.Trace;

namespace Sysrec.Analysis;

/// <summary>
/// One strace -c style table, ready to print: rows by total time, then calls (the order strace uses), cut
/// to the top N; the total counts every row, shown or not, so percentages stay shares of the whole.
/// </summary>
internal sealed class StatsTable
{
    private StatsTable(IReadOnlyList<StatsRow> rows, SyscallTally total)
    {
        Rows = rows;
        Total = total;
    }

    public IReadOnlyList<StatsRow> Rows { get; }

    public SyscallTally Total { get; }

    /// <summary>Percentages are shares of time when the recording has any, else shares of calls.</summary>
    public bool ByTime => Total.TotalNs > 0;

    public double Percent(in SyscallTally tally) =>
        ByTime ? 100.0 * tally.TotalNs / Total.TotalNs : 100.0 * tally.Calls / Total.Calls;

    public static StatsTable From(Dictionary<SyscallKey, SyscallTally> tallies, int? top)
    {
        var total = new SyscallTally();
        foreach (SyscallTally tally in tallies.Values)
            total.Add(tally);
        IEnumerable<StatsRow> rows = tallies
            .Select(pair => new StatsRow(pair.Key, pair.Value))
            .OrderByDescending(row => row.Tally.TotalNs)
            .ThenByDescending(row => row.Tally.Calls)
            .ThenBy(row => row.Syscall.Abi)
            .ThenBy(row => row.Syscall.Number);
        return new StatsTable([.. top is int n ? rows.Take(n) : rows], total);
    }
}
