namespace Sysrec.Export;

/// <summary>What <see cref="LiddsExport"/> wrote: how many calls, and the times of the first and last line (null for none).</summary>
/// <param name="UnixTime">The times are Unix-epoch nanoseconds (the recording has a clock event), not CLOCK_MONOTONIC.</param>
internal readonly record struct LiddsLines(long Calls, ulong? FirstNs, ulong? LastNs, bool UnixTime);
