using Sysrec.IO;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Analysis;

/// <summary>
/// Counts a recording's syscalls for `sysrec stats`. It streams: memory grows with the number of distinct
/// syscalls and processes, never with the recording's length, and counting a line allocates nothing.
/// </summary>
internal static class StatsCollector
{
    /// <param name="filter">Count only these syscalls; null for all.</param>
    /// <param name="top">Keep only the first N rows of each table; null for all.</param>
    public static StatsReport Read(RecordingFiles recording, SyscallFilter? filter, bool perProcess, int? top, bool perCgroup = false)
    {
        var tally = new StatsTally(filter, perProcess, perCgroup);
        using (TraceReader trace = TraceReader.Open(recording))
        {
            while (trace.TryRead(out TraceEvent syscall))
                tally.Add(syscall);
        }
        return tally.Report(top);
    }
}
