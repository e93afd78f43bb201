using System.Globalization;

namespace Sysrec.Trace;

/// <summary>
/// The time stamp -t, -tt or -ttt puts before a text line, with the space after it. A record carries
/// CLOCK_MONOTONIC; the wall clock is that plus the offset between the two clocks taken when recording
/// starts, so a clock set meanwhile does not make the times jump.
/// </summary>
internal sealed class WallClockStamp
{
    /// <summary>The longest stamp: a 20-digit second, '.', six digits and the space.</summary>
    public const int MaxLength = 20 + 1 + 6 + 1;

    private readonly TimestampStyle _style;
    private readonly long _realtimeMinusMonotonicNs;
    // HH:MM:SS changes once a second: formatted once, at the first line of each second.
    private readonly byte[] _clock = new byte[8];
    private long _clockSecond = -1;

    public WallClockStamp(TimestampStyle style, long realtimeMinusMonotonicNs)
    {
        _style = style;
        _realtimeMinusMonotonicNs = realtimeMinusMonotonicNs;
    }

    /// <summary>A stamp whose wall clock is read now.</summary>
    public static WallClockStamp StartingNow(TimestampStyle style) => new(style, RealtimeMinusMonotonicNow());

    /// <summary>What makes a record's CLOCK_MONOTONIC time the wall clock's, as of now.</summary>
    public static long RealtimeMinusMonotonicNow()
    {
        Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_REALTIME, out Interop.Libc.Timespec realtime);
        Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_MONOTONIC, out Interop.Libc.Timespec monotonic);
        return Nanoseconds(realtime) - Nanoseconds(monotonic);
    }

    public int Format(ulong monotonicNs, Span<byte> destination)
    {
        long wallNs = (long)monotonicNs + _realtimeMinusMonotonicNs;
        long second = Math.DivRem(wallNs, 1_000_000_000, out long nanoseconds);
        int length;
        if (_style == TimestampStyle.Epoch)
        {
            second.TryFormat(destination, out length, default, CultureInfo.InvariantCulture);
        }
        else
        {
            if (second != _clockSecond)
                FormatClock(second);
            _clock.CopyTo(destination);
            length = _clock.Length;
        }
        if (_style != TimestampStyle.Seconds)
        {
            destination[length++] = (byte)'.';
            (nanoseconds / 1000).TryFormat(destination[length..], out int written, "D6", CultureInfo.InvariantCulture);
            length += written;
        }
        destination[length++] = (byte)' ';
        return length;
    }

    private void FormatClock(long second)
    {
        DateTimeOffset local = DateTimeOffset.FromUnixTimeSeconds(second).ToLocalTime();
        local.TryFormat(_clock, out _, "HH:mm:ss", CultureInfo.InvariantCulture);
        _clockSecond = second;
    }

    /// <summary>
    /// The length of the stamp a line starts with, or 0: <c>HH:MM:SS </c>, <c>HH:MM:SS.uuuuuu </c> or
    /// <c>S.uuuuuu </c>, followed by the pid that starts the design's line.
    /// </summary>
    public static int LengthAt(ReadOnlySpan<byte> line)
    {
        int length = Clock(line);
        bool epoch = length == 0;
        if (epoch)
            length = Digits(line);
        if (length == 0)
            return 0;
        if (length < line.Length && line[length] == (byte)'.')
        {
            if (Digits(line[(length + 1)..]) != 6)
                return 0;
            length += 7;
        }
        else if (epoch)
        {
            return 0; // -ttt always has its microseconds
        }
        return line.Length > length + 1 && line[length] == (byte)' ' && char.IsAsciiDigit((char)line[length + 1]) ? length + 1 : 0;
    }

    // "HH:MM:SS" at the start: its length, 8, or 0.
    private static int Clock(ReadOnlySpan<byte> line) =>
        line.Length >= 8 && Digits(line[..2]) == 2 && line[2] == (byte)':' && Digits(line[3..5]) == 2 && line[5] == (byte)':' && Digits(line[6..8]) == 2 ? 8 : 0;

    private static int Digits(ReadOnlySpan<byte> text)
    {
        int count = text.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return count < 0 ? text.Length : count;
    }

    private static long Nanoseconds(Interop.Libc.Timespec time) => time.tv_sec * 1_000_000_000 + time.tv_nsec;
}
