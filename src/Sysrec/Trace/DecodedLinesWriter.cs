using Sysrec.Decoding;
using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// What the writers of a --decode recording's lines share (strace's, <see cref="StraceWriter"/>, and JSON
/// Lines', <see cref="JsonDecodedWriter"/>): the buffered lines, the fd table that names the fds, kept
/// from forks, and seeded from /proc for a process the table does not know yet (one that was running
/// before it was traced) at its first call.
/// </summary>
internal abstract class DecodedLinesWriter(TraceOutput output, FdTracker descriptors, Stream? echo, int bufferBytes) : IRecordingOutput, IDecodedSink
{
    private readonly ProcFiles _proc = new();

    protected BufferedLines Lines { get; } = new(output, echo, bufferBytes);

    protected FdTracker Descriptors { get; } = descriptors;

    public string Name => Lines.Name;

    public long Records { get; protected set; }

    public bool EchoClosed => Lines.EchoClosed;

    public void Begin() => Lines.Begin();

    public string Progress() => Lines.Progress();

    public void Enter(in DecodedCall call)
    {
        if (!Descriptors.Knows(call.Tid))
            _proc.Seed(Descriptors, call.Pid);
    }

    public abstract void Unfinished(in DecodedCall call);

    public abstract void Complete(in DecodedCall call);

    public void Fork(in ProcessFork fork) => Descriptors.Fork(fork);

    public abstract void Exit(in ProcessExit exit);

    public abstract void Signal(in SignalDelivery signal);

    public abstract (string Where, IReadOnlyList<string> Notes) Finish();

    public void Flush() => Lines.Flush();

    public void Dispose() => Lines.Dispose();
}
