using Sysrec.Analysis;

namespace Sysrec.Reporting;

/// <summary>
/// Counts a recording's syscalls into time buckets: a first pass finds the span (jsonl only: a text
/// recording's span is its count of syscalls), a second counts. Memory grows with the shown processes
/// and the buckets, not with the recording.
/// </summary>
internal static class TimelineCollector
{
    /// <param name="syscalls">How many syscalls stats counted: the passes read that many and no more, so a recording still being written reads as it was.</param>
    public static Timeline Read(string path, long syscalls, IReadOnlyList<ProcessStats> shown)
    {
        TimelineAxis axis = Axis(path, syscalls);
        var rows = new Dictionary<ProcessKey, long[]>(ProcessKeyComparer.Instance);
        foreach (ProcessStats process in shown)
            rows.Add(new ProcessKey(process.Comm, process.Pid), new long[axis.Buckets]);
        var lookup = rows.GetAlternateLookup<CommAndPid>();
        long[] all = new long[axis.Buckets];

        using TraceReader trace = TraceReader.Open(path);
        using EventClock clock = EventClock.Open(path);
        for (long read = 0; read < syscalls && trace.TryRead(out TraceEvent syscall) && clock.TryNext(out ulong at); read++)
        {
            int bucket = axis.Bucket(at);
            all[bucket]++;
            if (lookup.TryGetValue(new CommAndPid(syscall.Comm, syscall.Pid), out long[]? row))
                row[bucket]++;
        }
        return new Timeline(axis, all, [.. shown.Select(process => rows[new ProcessKey(process.Comm, process.Pid)])]);
    }

    private static TimelineAxis Axis(string path, long syscalls)
    {
        using EventClock clock = EventClock.Open(path);
        if (!clock.ByTime)
            return TimelineAxis.Spanning(byTime: false, 0, (ulong)syscalls - 1);
        // Not the first and last lines: with --exit a call is written when it returns, so a long one
        // comes after calls that began later.
        ulong first = ulong.MaxValue, last = 0;
        for (long read = 0; read < syscalls && clock.TryNext(out ulong at); read++)
        {
            first = Math.Min(first, at);
            last = Math.Max(last, at);
        }
        return TimelineAxis.Spanning(byTime: true, first, last);
    }
}
