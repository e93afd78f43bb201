namespace Sysrec.Reporting;

/// <summary>How many syscalls fell in each bucket: of everyone, and of each shown process.</summary>
/// <param name="Rows">One per shown process, in the same order.</param>
internal sealed record Timeline(TimelineAxis Axis, long[] All, IReadOnlyList<long[]> Rows);
