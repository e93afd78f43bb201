using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Recording;

/// <summary>
/// Formats records as text lines into one large buffer and writes it out in big chunks, to the
/// trace file and optionally echoed to another stream (stdout).
/// </summary>
internal sealed class TraceTextWriter(Stream file, Stream? echo) : IRecordSink, IDisposable
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(1 << 20);
    private int _used;

    public long LinesWritten { get; private set; }
    public long BytesWritten { get; private set; }

    public void Write(in SyscallRecord record)
    {
        if (_buffer.Length - _used < TraceLine.MaxLength)
            Flush();
        _used += TraceLine.Format(record, _buffer.AsSpan(_used));
        LinesWritten++;
    }

    /// <summary>Hands the buffered lines to the kernel, so they survive this process and reach the terminal.</summary>
    public void Flush()
    {
        if (_used == 0)
            return;
        ReadOnlySpan<byte> pending = _buffer.AsSpan(0, _used);
        file.Write(pending);
        BytesWritten += pending.Length;
        echo?.Write(pending);
        echo?.Flush();
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        file.Dispose();
    }
}
