using Sysrec.Analysis;
using Sysrec.IO;

namespace Sysrec.Reporting;

/// <summary>
/// What `sysrec report` shows: the stats of the whole recording and of each process, when each of the
/// busiest processes made its syscalls, and (from a --decode recording) the files and sockets each used.
/// </summary>
/// <param name="Source">The recording's path as the user gave it.</param>
/// <param name="Stats">Every process's table, most calls first, all rows kept.</param>
/// <param name="Shown">The processes that get a chart and a timeline row: the busiest, at most <see cref="MaxProcesses"/>.</param>
/// <param name="Resources">The files and sockets each shown process used, in the order of <paramref name="Shown"/>; null without --decode.</param>
internal sealed record Report(string Source, StatsReport Stats, IReadOnlyList<ProcessStats> Shown, Timeline Timeline,
    IReadOnlyList<IReadOnlyList<ProcessResource>>? Resources = null)
{
    /// <summary>A page of thousands of charts helps nobody; the others still count in the summary and the timeline's total.</summary>
    public const int MaxProcesses = 50;

    public int ProcessCount => Stats.Processes!.Count;

    /// <summary>
    /// Reads the recording in four passes at most (stats, the timeline's span, its buckets, the files and
    /// sockets), each in memory that does not grow with the recording's length.
    /// </summary>
    public static Report Read(RecordingFiles recording)
    {
        foreach (string part in recording.Parts)
            TextInput.RequireRereadable(part, "report");
        StatsReport stats = StatsCollector.Read(recording, filter: null, perProcess: true, top: null);
        IReadOnlyList<ProcessStats> shown = [.. stats.Processes!.Take(MaxProcesses)];
        return new Report(recording.Name, stats, shown, TimelineCollector.Read(recording, stats.Overall.Total.Calls, shown),
            ResourceCollector.Read(recording, stats.Overall.Total.Calls, shown));
    }
}
