namespace Sysrec.Trace;

/// <summary>
/// The two clocks read at one moment: CLOCK_MONOTONIC, which every record's time is in, and CLOCK_REALTIME,
/// the wall clock. Their difference turns a record's time into Unix-epoch time as the wall clock stood
/// when the anchor was taken; a clock set later does not move the times of what came before.
/// </summary>
internal readonly record struct ClockAnchor(ulong MonotonicNs, ulong RealtimeNs)
{
    public static ClockAnchor Now()
    {
        Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_MONOTONIC, out Interop.Libc.Timespec monotonic);
        Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_REALTIME, out Interop.Libc.Timespec realtime);
        return new ClockAnchor(Nanoseconds(monotonic), Nanoseconds(realtime));
    }

    /// <summary>CLOCK_REALTIME minus CLOCK_MONOTONIC.</summary>
    public long OffsetNs => (long)(RealtimeNs - MonotonicNs);

    /// <summary>A record's CLOCK_MONOTONIC time as Unix-epoch nanoseconds.</summary>
    public ulong UnixNs(ulong monotonicNs) => (ulong)((long)monotonicNs + OffsetNs);

    private static ulong Nanoseconds(Interop.Libc.Timespec time) => (ulong)(time.tv_sec * 1_000_000_000 + time.tv_nsec);
}
