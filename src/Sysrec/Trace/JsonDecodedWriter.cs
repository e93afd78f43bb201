using Sysrec.Decoding;
using Sysrec.IO;
using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// --decode --format jsonl: each call, once it returned, as its JSON Lines record (<see cref="JsonLine"/>,
/// with its return) and what <see cref="JsonArguments"/> adds, every fd named by the fd table kept from
/// the calls, as --format strace names them. A line never grows past what the readers take
/// (<see cref="LineReader.MaxLineLength"/>): a call whose values would make it longer has
/// <c>"decoded":null</c>.
/// </summary>
internal sealed class JsonDecodedWriter(TraceOutput output, JsonArguments arguments, bool failedOnly = false, Stream? echo = null)
    : IRecordingOutput, IDecodedSink
{
    private static ReadOnlySpan<byte> LineEnd => "}\n"u8;

    private readonly BufferedLines _lines = new(output, echo);
    private readonly ProcFiles _proc = new();

    public string Name => _lines.Name;

    public long Records { get; private set; }

    public bool EchoClosed => _lines.EchoClosed;

    public void Begin() => _lines.Begin();

    public string Progress() => _lines.Progress();

    public void Enter(in DecodedCall call)
    {
        if (!arguments.Descriptors.Knows(call.Tid))
            _proc.Seed(arguments.Descriptors, call.Pid);
    }

    public void Unfinished(in DecodedCall call)
    {
    }

    public void Complete(in DecodedCall call)
    {
        Records++;
        // -Z: only the calls that failed; the fd table still follows every one.
        if (failedOnly && !call.Failed)
        {
            arguments.Descriptors.Apply(call);
            return;
        }
        SyscallRecord record = DecodedRecords.ToRecord(call);
        Span<byte> room = _lines.Room(LineReader.MaxLineLength)[..LineReader.MaxLineLength];
        int length = JsonLine.FormatOpen(record, room);
        var error = new Utf8SpanWriter(room[length..]);
        JsonArguments.WriteError(ref error, call);
        length += error.Written.Length;
        // Room kept for the line's end.
        var decoded = new Utf8SpanWriter(room[length..^LineEnd.Length]);
        arguments.WriteDecoded(ref decoded, call);
        if (decoded.Overflowed)
        {
            decoded = new Utf8SpanWriter(room[length..]);
            decoded.Append(",\"decoded\":null"u8);
        }
        length += decoded.Written.Length;
        LineEnd.CopyTo(room[length..]);
        _lines.Commit(length + LineEnd.Length);
    }

    public void Fork(in ProcessFork fork) => arguments.Descriptors.Fork(fork);

    public void Exit(in ProcessExit exit) => arguments.Descriptors.Exit(exit);

    public void Signal(in SignalDelivery signal)
    {
    }

    public (string Where, IReadOnlyList<string> Notes) Finish() => _lines.Finish("records");

    public void Flush() => _lines.Flush();

    public void Dispose() => _lines.Dispose();
}
