namespace Sysrec.Reporting;

/// <summary>
/// The time axis of a recording cut into equal buckets: CLOCK_MONOTONIC nanoseconds when the recording
/// has timestamps (jsonl), else each syscall's place among the recording's syscalls, from 0.
/// </summary>
internal sealed record TimelineAxis(bool ByTime, ulong First, ulong Last, int Buckets)
{
    /// <summary>About one bucket per 10 pixels of a laptop screen's timeline column.</summary>
    public const int MaxBuckets = 100;

    public static TimelineAxis Spanning(bool byTime, ulong first, ulong last) =>
        new(byTime, first, last, (int)UInt128.Min(MaxBuckets, Units(first, last)));

    /// <summary>The units the axis covers, ends included: one more than ulong holds when it spans everything.</summary>
    public UInt128 Length => Units(First, Last);

    // Clamped so that a recording rewritten between the passes gives a wrong picture, not a crash.
    public int Bucket(ulong at) => (int)((UInt128)(Math.Clamp(at, First, Last) - First) * (uint)Buckets / Length);

    /// <summary>Where bucket <paramref name="index"/> starts, from <see cref="First"/>; <see cref="Buckets"/> gives the end of the last.</summary>
    public UInt128 Offset(int index) => Length * (uint)index / (uint)Buckets;

    private static UInt128 Units(ulong first, ulong last) => (UInt128)(last - first) + 1;
}
