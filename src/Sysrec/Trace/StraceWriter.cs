using Sysrec.Decoding;
using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// --format strace: the decoded calls and events of a recording as the lines <c>strace -f -tt -T -yy -s N
/// -o FILE</c> writes, each fd named by the fd table kept from them. A call's line is written when it
/// returns, or in two (<c>&lt;unfinished ...&gt;</c>, <c>&lt;... resumed&gt;</c>) when another thread's
/// line came in between.
/// </summary>
internal sealed class StraceWriter(TraceOutput output, StraceLineWriter lines, FdTracker descriptors, bool failedOnly = false, Stream? echo = null,
    int bufferBytes = LineFormat.BufferBytes)
    : DecodedLinesWriter(output, descriptors, echo, bufferBytes)
{
    // Room for the longest line the renderer makes with the largest -s, and then some.
    private const int LongestLine = 256 << 10;

    private readonly HashSet<int> _unfinished = [];

    public override void Unfinished(in DecodedCall call)
    {
        if (failedOnly)
            return;
        Utf8SpanWriter writer = Room();
        lines.WriteUnfinished(ref writer, call);
        Commit(ref writer);
        _unfinished.Add(call.Tid);
    }

    public override void Complete(in DecodedCall call)
    {
        bool resumed = _unfinished.Remove(call.Tid);
        Records++;
        // strace -Z: only the calls that failed; the fd table still follows every one.
        if (failedOnly && !call.Failed)
        {
            Descriptors.Apply(call);
            return;
        }
        Utf8SpanWriter writer = Room();
        if (resumed)
            lines.WriteResumed(ref writer, call);
        else
            lines.WriteCall(ref writer, call);
        Commit(ref writer);
    }

    public override void Exit(in ProcessExit exit)
    {
        _unfinished.Remove(exit.Tid);
        Descriptors.Exit(exit);
        if (failedOnly)
            return;
        Utf8SpanWriter writer = Room();
        lines.WriteExit(ref writer, exit);
        Commit(ref writer);
    }

    public override void Signal(in SignalDelivery signal)
    {
        if (failedOnly)
            return;
        Utf8SpanWriter writer = Room();
        lines.WriteSignal(ref writer, signal);
        Commit(ref writer);
    }

    public override (string Where, IReadOnlyList<string> Notes) Finish() => Lines.Finish("lines");

    private Utf8SpanWriter Room() => new(Lines.Room(LongestLine));

    // A line too long even for the room kept is cut, and still ends the line.
    private void Commit(ref Utf8SpanWriter writer)
    {
        int length = writer.Written.Length;
        if (writer.Overflowed)
            Lines.Room(LongestLine)[length - 1] = (byte)'\n';
        Lines.Commit(length);
    }
}
