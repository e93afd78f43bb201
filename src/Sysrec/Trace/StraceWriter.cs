using Sysrec.Decoding;
using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// --format strace: the decoded calls and events of a recording as the lines <c>strace -f -tt -T -yy -s N
/// -o FILE</c> writes, each fd named by the fd table kept from them. A call's line is written when it
/// returns, or in two (<c>&lt;unfinished ...&gt;</c>, <c>&lt;... resumed&gt;</c>) when another thread's
/// line came in between. A process the table does not know yet (one that was running before it was
/// traced) has its fds read from /proc at its first call.
/// </summary>
internal sealed class StraceWriter(TraceOutput output, StraceLineWriter lines, FdTracker descriptors, bool failedOnly = false, Stream? echo = null)
    : IRecordingOutput, IDecodedSink
{
    // Room for the longest line the renderer makes with the largest -s, and then some.
    private const int LongestLine = 256 << 10;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(LineFormat.BufferBytes);
    private readonly HashSet<int> _unfinished = [];
    private readonly ProcFiles _proc = new();
    private Stream? _echo = echo;
    private int _used;
    private bool _failed;
    private bool _echoClosed;

    public string Name => output.Path;

    public long Records { get; private set; }

    /// <summary>The echo was asked for and its reader has gone, or so has the reader of a trace written to a pipe.</summary>
    public bool EchoClosed => _echoClosed || output.ReaderGone;

    public void Begin() => output.Begin();

    public string Progress() => $"{output.TotalBytes / (1024.0 * 1024.0):0.0} MiB written";

    public void Enter(in DecodedCall call)
    {
        if (!descriptors.Knows(call.Tid))
            _proc.Seed(descriptors, call.Pid);
    }

    public void Unfinished(in DecodedCall call)
    {
        if (failedOnly)
            return;
        Utf8SpanWriter writer = Room();
        lines.WriteUnfinished(ref writer, call);
        Commit(ref writer);
        _unfinished.Add(call.Tid);
    }

    public void Complete(in DecodedCall call)
    {
        bool resumed = _unfinished.Remove(call.Tid);
        Records++;
        // strace -Z: only the calls that failed; the fd table still follows every one.
        if (failedOnly && !call.Failed)
        {
            descriptors.Apply(call);
            return;
        }
        Utf8SpanWriter writer = Room();
        if (resumed)
            lines.WriteResumed(ref writer, call);
        else
            lines.WriteCall(ref writer, call);
        Commit(ref writer);
    }

    public void Fork(in ProcessFork fork) => descriptors.Fork(fork);

    public void Exit(in ProcessExit exit)
    {
        _unfinished.Remove(exit.Tid);
        descriptors.Exit(exit);
        if (failedOnly)
            return;
        Utf8SpanWriter writer = Room();
        lines.WriteExit(ref writer, exit);
        Commit(ref writer);
    }

    public void Signal(in SignalDelivery signal)
    {
        if (failedOnly)
            return;
        Utf8SpanWriter writer = Room();
        lines.WriteSignal(ref writer, signal);
        Commit(ref writer);
    }

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        Flush();
        IReadOnlyList<string> notes = output.ReaderGone
            ? [$"the reader of {output.Path} went away; the lines that came after it were not written"]
            : [];
        return ($"written to {(output.Parts == 1 ? output.Path : $"{output.Path} and {output.Path}.1 to .{output.Parts - 1}")}", notes);
    }

    public void Flush()
    {
        if (_used == 0 || _failed)
            return;
        try
        {
            output.Write(_buffer.AsSpan(0, _used));
        }
        catch
        {
            _failed = true;
            throw;
        }
        EchoOut(_buffer.AsSpan(0, _used));
        _used = 0;
    }

    private void EchoOut(ReadOnlySpan<byte> written)
    {
        if (_echo is null)
            return;
        try
        {
            _echo.Write(written);
        }
        catch (IOException)
        {
            _echo = null;
            _echoClosed = true;
        }
    }

    public void Dispose()
    {
        Flush();
        output.Dispose();
    }

    private Utf8SpanWriter Room()
    {
        if (_buffer.Length - _used < LongestLine)
            Flush();
        return new Utf8SpanWriter(_buffer.AsSpan(_used));
    }

    // A line too long even for the room kept is cut, and still ends the line.
    private void Commit(ref Utf8SpanWriter writer)
    {
        int length = writer.Written.Length;
        if (writer.Overflowed)
            _buffer[_used + length - 1] = (byte)'\n';
        _used += length;
    }
}
