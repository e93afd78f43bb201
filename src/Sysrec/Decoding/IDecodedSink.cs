namespace Sysrec.Decoding;

/// <summary>
/// Where <see cref="CallPairing"/> hands what a --decode recording holds, in the order the kernel wrote
/// it: each call once entered and once completed, and the process events. A call and its spans are
/// valid during the call only.
/// </summary>
internal interface IDecodedSink
{
    /// <summary>A call began; <see cref="DecodedCall.Returned"/> is false and its exit captures empty.</summary>
    void Enter(in DecodedCall call);

    /// <summary>
    /// Another thread's call or event came after <paramref name="call"/> entered and before it returned:
    /// where strace ends the call's line with <c>&lt;unfinished ...&gt;</c>. Said once per call at most, and
    /// for the calls still running when the recording stops.
    /// </summary>
    void Unfinished(in DecodedCall call);

    /// <summary>A call returned, or never will (exit_group, a thread that died in it).</summary>
    void Complete(in DecodedCall call);

    void Fork(in ProcessFork fork);

    void Exit(in ProcessExit exit);

    void Signal(in SignalDelivery signal);
}
