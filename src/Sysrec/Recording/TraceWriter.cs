using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Recording;

internal enum TraceFormat
{
    /// <summary>The design's <c>pid:syscall_id:comm</c> lines.</summary>
    Text,
    /// <summary>One JSON object per syscall with every field of the record.</summary>
    Jsonl,
}

/// <summary>
/// Formats records into one large buffer and writes it out in big chunks, to the trace file and
/// optionally echoed to another stream (stdout).
/// </summary>
internal sealed class TraceWriter(Stream file, Stream? echo, TraceFormat format) : IRecordSink, IDisposable
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(1 << 20);
    private readonly int _maxLength = format == TraceFormat.Text ? TraceLine.MaxLength : JsonLine.MaxLength;
    private int _used;

    public long LinesWritten { get; private set; }

    public void Write(in SyscallRecord record)
    {
        if (_buffer.Length - _used < _maxLength)
            Flush();
        Span<byte> free = _buffer.AsSpan(_used);
        _used += format == TraceFormat.Text ? TraceLine.Format(record, free) : JsonLine.Format(record, free);
        LinesWritten++;
    }

    /// <summary>Hands the buffered lines to the kernel, so they survive this process and reach the terminal.</summary>
    public void Flush()
    {
        if (_used == 0)
            return;
        ReadOnlySpan<byte> pending = _buffer.AsSpan(0, _used);
        file.Write(pending);
        echo?.Write(pending);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        file.Dispose();
    }
}
