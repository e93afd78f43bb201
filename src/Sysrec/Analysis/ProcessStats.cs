namespace Sysrec.Analysis;

/// <summary>The table of one (comm, pid).</summary>
internal sealed record ProcessStats(byte[] Comm, uint Pid, StatsTable Table);
