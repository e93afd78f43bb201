namespace Sysrec.Decoding;

/// <summary>
/// Whole lines of <c>strace -f -tt -T -yy -o FILE</c>: <c>PID HH:MM:SS.uuuuuu name(args) = ret &lt;secs&gt;</c>
/// with the return at column 40 as strace pads it, the lines of an unfinished and a resumed call, and
/// the <c>+++ exited with N +++</c> and <c>--- SIGCHLD {...} ---</c> lines. The pid comes first when the
/// output holds several processes (strace's -f into one file; not with -ff), left-aligned in 5
/// columns. Times are CLOCK_MONOTONIC nanoseconds made wall clock by <paramref name="realtimeOffsetNs"/>
/// (CLOCK_REALTIME minus CLOCK_MONOTONIC) and printed in local time, as strace does.
/// </summary>
internal sealed class StraceLineWriter(StraceRenderer renderer, bool pidPrefix, TimestampStyle timestamps, bool durations, long realtimeOffsetNs, TimeZoneInfo? zone = null)
{
    /// <summary>strace's -a default: the column of <c>=</c>.</summary>
    public const int ReturnColumn = 40;

    private readonly TimeZoneInfo _zone = zone ?? TimeZoneInfo.Local;
    private long _cachedMinute = long.MinValue;
    private long _cachedOffsetSeconds;
    // The leader's text for the last thread and the last second seen, which runs of lines share.
    private readonly byte[] _tidText = new byte[16];
    private int _tidLength;
    private int _tid = -1;
    private readonly byte[] _secondText = new byte[24];
    private int _secondLength;
    private long _second = long.MinValue;

    public StraceRenderer Renderer { get; } = renderer;

    public void WriteCall(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        int start = writer.Written.Length;
        WriteLeader(ref writer, call.Tid, call.EnterNs);
        Renderer.WriteCall(ref writer, call, start, ReturnColumn);
        WriteDuration(ref writer, call);
    }

    public void WriteUnfinished(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        WriteLeader(ref writer, call.Tid, call.EnterNs);
        Renderer.WriteUnfinished(ref writer, call);
        writer.Append((byte)'\n');
    }

    public void WriteResumed(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        int start = writer.Written.Length;
        WriteLeader(ref writer, call.Tid, call.Returned ? call.ExitNs : call.EnterNs);
        Renderer.WriteResumed(ref writer, call);
        StraceRenderer.WriteEquals(ref writer, start, ReturnColumn);
        Renderer.WriteReturn(ref writer, call);
        WriteDuration(ref writer, call);
    }

    public void WriteExit(ref Utf8SpanWriter writer, in ProcessExit exit)
    {
        WriteLeader(ref writer, exit.Tid, exit.TimeNs);
        if (exit.Signal == 0)
        {
            writer.Append("+++ exited with "u8);
            writer.AppendDecimal((long)exit.ExitCode);
            writer.Append(" +++\n"u8);
            return;
        }
        writer.Append("+++ killed by "u8);
        Signals.Write(ref writer, exit.Signal);
        writer.Append(exit.CoreDumped ? " (core dumped) +++\n"u8 : " +++\n"u8);
    }

    public void WriteSignal(ref Utf8SpanWriter writer, in SignalDelivery signal)
    {
        WriteLeader(ref writer, signal.Tid, signal.TimeNs);
        writer.Append("--- "u8);
        Signals.Write(ref writer, signal.Info.Signal);
        writer.Append((byte)' ');
        SiginfoFormat.Write(ref writer, signal.Info, Renderer.Descriptors, signal.Tid);
        writer.Append(" ---\n"u8);
    }

    // -T's " <secs>" for a call that returned, and the newline.
    private void WriteDuration(ref Utf8SpanWriter writer, in DecodedCall call)
    {
        if (durations && call.Returned)
        {
            ulong elapsed = call.ExitNs >= call.EnterNs ? call.ExitNs - call.EnterNs : 0;
            writer.Append(" <"u8);
            writer.AppendDecimal(elapsed / 1_000_000_000);
            writer.Append((byte)'.');
            writer.AppendZeroPadded(elapsed % 1_000_000_000 / 1000, 6);
            writer.Append((byte)'>');
        }
        writer.Append((byte)'\n');
    }

    private void WriteLeader(ref Utf8SpanWriter writer, int tid, ulong monotonicNs)
    {
        if (pidPrefix)
        {
            if (tid != _tid)
                CacheTid(tid);
            writer.Append(_tidText.AsSpan(0, _tidLength));
        }
        if (timestamps == TimestampStyle.None)
            return;
        long realtime = (long)monotonicNs + realtimeOffsetNs;
        long seconds = Math.DivRem(realtime, 1_000_000_000, out long nanoseconds);
        if (nanoseconds < 0)
        {
            seconds--;
            nanoseconds += 1_000_000_000;
        }
        if (seconds != _second)
            CacheSecond(seconds);
        writer.Append(_secondText.AsSpan(0, _secondLength));
        if (timestamps != TimestampStyle.Seconds)
        {
            writer.AppendZeroPadded((ulong)(nanoseconds / 1000), 6);
            writer.Append((byte)' ');
        }
    }

    // The tid, left-aligned in 5 columns, and a space.
    private void CacheTid(int tid)
    {
        var text = new Utf8SpanWriter(_tidText);
        text.AppendDecimal((long)tid);
        text.AppendRepeated((byte)' ', 5 - text.Written.Length);
        text.Append((byte)' ');
        _tid = tid;
        _tidLength = text.Written.Length;
    }

    // The time up to its microseconds: HH:MM:SS. in local time, or the seconds since the epoch (-ttt); with -t, the space after it too.
    private void CacheSecond(long seconds)
    {
        var text = new Utf8SpanWriter(_secondText);
        if (timestamps == TimestampStyle.Epoch)
            text.AppendDecimal(seconds);
        else
        {
            long local = seconds + LocalOffset(seconds);
            long secondOfDay = ((local % 86400) + 86400) % 86400;
            text.AppendZeroPadded((ulong)(secondOfDay / 3600), 2);
            text.Append((byte)':');
            text.AppendZeroPadded((ulong)(secondOfDay / 60 % 60), 2);
            text.Append((byte)':');
            text.AppendZeroPadded((ulong)(secondOfDay % 60), 2);
        }
        text.Append(timestamps == TimestampStyle.Seconds ? (byte)' ' : (byte)'.');
        _second = seconds;
        _secondLength = text.Written.Length;
    }

    // The zone's offset from UTC at a second, looked up again each minute (zones change offset on a minute).
    private long LocalOffset(long utcSeconds)
    {
        long minute = utcSeconds / 60;
        if (minute != _cachedMinute)
        {
            _cachedMinute = minute;
            _cachedOffsetSeconds = (long)_zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(utcSeconds)).TotalSeconds;
        }
        return _cachedOffsetSeconds;
    }
}
