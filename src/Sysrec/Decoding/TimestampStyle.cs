namespace Sysrec.Decoding;

/// <summary>strace's -t options: the wall clock at the start of each line.</summary>
internal enum TimestampStyle
{
    None,
    /// <summary>-t: <c>11:52:19</c>.</summary>
    Seconds,
    /// <summary>-tt: <c>11:52:19.321343</c>.</summary>
    Microseconds,
    /// <summary>-ttt: <c>1796126069.321343</c>.</summary>
    Epoch,
}
