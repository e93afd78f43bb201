namespace Sysrec.Trace;

/// <summary>strace's wall-clock time stamps before each text line: -t, -tt, -ttt.</summary>
internal enum TimestampStyle
{
    None,
    /// <summary>-t: <c>HH:MM:SS</c>, local time.</summary>
    Seconds,
    /// <summary>-tt: <c>HH:MM:SS.uuuuuu</c>, local time.</summary>
    Microseconds,
    /// <summary>-ttt: <c>seconds.uuuuuu</c> since the epoch.</summary>
    Epoch,
}
