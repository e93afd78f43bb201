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
internal sealed class JsonDecodedWriter(TraceOutput output, JsonArguments arguments, CgroupPaths? cgroups, bool failedOnly = false, Stream? echo = null)
    : DecodedLinesWriter(output, arguments.Descriptors, echo, LineFormat.BufferBytes)
{
    private static ReadOnlySpan<byte> LineEnd => "}\n"u8;

    public override void Unfinished(in DecodedCall call)
    {
    }

    public override void Complete(in DecodedCall call)
    {
        Records++;
        // -Z: only the calls that failed; the fd table still follows every one.
        if (failedOnly && !call.Failed)
        {
            Descriptors.Apply(call);
            return;
        }
        SyscallRecord record = DecodedRecords.ToRecord(call);
        Span<byte> room = Lines.Room(LineReader.MaxLineLength)[..LineReader.MaxLineLength];
        int length = JsonLine.FormatOpen(record, room, cgroups);
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
        Lines.Commit(length + LineEnd.Length);
    }

    public override void Exit(in ProcessExit exit) => Descriptors.Exit(exit);

    public override void Signal(in SignalDelivery signal)
    {
    }

    public override (string Where, IReadOnlyList<string> Notes) Finish() => Lines.Finish("records");
}
