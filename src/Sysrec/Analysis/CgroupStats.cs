namespace Sysrec.Analysis;

/// <summary>The table of one cgroup: its path as the recording names it, empty where it could not.</summary>
internal sealed record CgroupStats(ulong Id, byte[] Path, StatsTable Table);
