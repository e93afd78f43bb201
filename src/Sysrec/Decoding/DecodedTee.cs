namespace Sysrec.Decoding;

/// <summary>Hands a --decode recording's calls and events to two sinks: strace's lines and the --summary counts.</summary>
internal sealed class DecodedTee(IDecodedSink first, IDecodedSink second) : IDecodedSink
{
    public void Enter(in DecodedCall call)
    {
        first.Enter(call);
        second.Enter(call);
    }

    public void Unfinished(in DecodedCall call)
    {
        first.Unfinished(call);
        second.Unfinished(call);
    }

    public void Complete(in DecodedCall call)
    {
        first.Complete(call);
        second.Complete(call);
    }

    public void Fork(in ProcessFork fork)
    {
        first.Fork(fork);
        second.Fork(fork);
    }

    public void Exit(in ProcessExit exit)
    {
        first.Exit(exit);
        second.Exit(exit);
    }

    public void Signal(in SignalDelivery signal)
    {
        first.Signal(signal);
        second.Signal(signal);
    }
}
