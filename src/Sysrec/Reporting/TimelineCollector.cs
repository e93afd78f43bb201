using Sysrec.Analysis;
using Sysrec.IO;

namespace Sysrec.Reporting;

/// <summary>
/// Counts a recording's syscalls into time buckets: a first pass finds the span (jsonl only: a text
/// recording's span is its count of syscalls), a second counts. Memory grows with the shown processes
/// and the buckets, not with the recording.
/// </summary>
internal static class TimelineCollector
{
    /// <param name="syscalls">How many syscalls stats counted: the passes read that many and no more, so a recording still being written reads as it was.</param>
    public static Timeline Read(RecordingFiles path, long syscalls, IReadOnlyList<ProcessStats> shown)
    {
        TimelineAxis axis = Axis(path, syscalls);
        var rows = new Dictionary<ProcessKey, long[]>(ProcessKeyComparer.Instance);
        foreach (ProcessStats process in shown)
            rows.Add(new ProcessKey(process.Comm, process.Pid), new long[axis.Buckets]);
        var lookup = rows.GetAlternateLookup<CommAndPid>();
        long[] all = new long[axis.Buckets];

        using TraceReader trace = TraceReader.Open(path);
        for (long read = 0; read < syscalls && trace.TryRead(out TraceEvent syscall); read++)
        {
            int bucket = axis.Bucket(When(syscall, read, axis.ByTime, trace));
            all[bucket]++;
            if (lookup.TryGetValue(new CommAndPid(syscall.Comm, syscall.Pid), out long[]? row))
                row[bucket]++;
        }
        return new Timeline(axis, all, [.. shown.Select(process => rows[new ProcessKey(process.Comm, process.Pid)])]);
    }

    private static TimelineAxis Axis(RecordingFiles path, long syscalls)
    {
        using TraceReader trace = TraceReader.Open(path);
        if (!trace.TryRead(out TraceEvent first) || first.TimestampNs is null)
            return TimelineAxis.Spanning(byTime: false, 0, (ulong)Math.Max(syscalls - 1, 0));
        // Not the first and last lines: with --exit a call is written when it returns, so a long one
        // comes after calls that began later.
        ulong earliest = first.TimestampNs.Value, latest = earliest;
        for (long read = 1; read < syscalls && trace.TryRead(out TraceEvent syscall); read++)
        {
            ulong at = When(syscall, read, byTime: true, trace);
            earliest = Math.Min(earliest, at);
            latest = Math.Max(latest, at);
        }
        return TimelineAxis.Spanning(byTime: true, earliest, latest);
    }

    /// <summary>Its time in a jsonl recording; in a text one, which has none, its place among the syscalls.</summary>
    private static ulong When(in TraceEvent syscall, long place, bool byTime, TraceReader trace) =>
        !byTime ? (ulong)place
        : syscall.TimestampNs ?? throw trace.Error("\"ts_ns\" is missing; the timeline needs it");
}
