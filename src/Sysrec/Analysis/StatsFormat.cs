namespace Sysrec.Analysis;

/// <summary>How `sysrec stats` writes its report (<c>--format</c>; the first is its default).</summary>
internal enum StatsFormat
{
    /// <summary>Aligned columns like strace -c (<see cref="StatsTextWriter"/>).</summary>
    Table,
    /// <summary>One JSON document with the same numbers (<see cref="StatsJsonWriter"/>).</summary>
    Json,
}
