namespace Sysrec.Analysis;

/// <summary>What `sysrec stats` shows: the table of the whole recording and, when asked, one per process.</summary>
internal sealed record StatsReport(StatsTable Overall, IReadOnlyList<ProcessStats>? Processes);
