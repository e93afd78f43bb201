namespace Sysrec.Analysis;

/// <summary>What `sysrec stats` shows: the table of the whole recording and, when asked, one per process and one per cgroup.</summary>
internal sealed record StatsReport(StatsTable Overall, IReadOnlyList<ProcessStats>? Processes, IReadOnlyList<CgroupStats>? Cgroups = null);
