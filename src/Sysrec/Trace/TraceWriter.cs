using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// Formats records into one large buffer and writes it out in big chunks, to the trace and optionally
/// echoed to stdout. A closed stdout (the reader of a pipe went away) ends the echo, not the trace.
/// The format is a type argument, so that a line is formatted by a direct call, with no choice made
/// per record (<see cref="LineFormat.WriterTo"/> makes the one the recording asks for).
/// </summary>
internal sealed class TraceWriter<TFormatter>(TraceOutput output, Stream? echo, TFormatter formatter, int bufferBytes = LineFormat.BufferBytes)
    : IRecordOutput where TFormatter : struct, ILineFormatter
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(bufferBytes);
    private readonly int _maxLength = formatter.MaxLength;
    private Stream? _echo = echo;
    private int _used;
    private bool _failed;
    private bool _echoClosed;

    public string Name => output.Path;

    public long Records { get; private set; }

    /// <summary>The echo was asked for and its reader has gone, or so has the reader of a trace written to a pipe.</summary>
    public bool EchoClosed => _echoClosed || output.ReaderGone;

    /// <summary>The recording has begun: the file loses what it held (see <see cref="TraceOutput.Begin"/>).</summary>
    public void Begin() => output.Begin();

    public string Progress() => $"{output.TotalBytes / (1024.0 * 1024.0):0.0} MiB written";

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        Flush();
        IReadOnlyList<string> notes = output.ReaderGone
            ? [$"the reader of {output.Path} went away; the records that came after it were not written"]
            : [];
        return ($"written to {(output.Parts == 1 ? output.Path : $"{output.Path} and {output.Path}.1 to .{output.Parts - 1}")}", notes);
    }

    public void Write(in SyscallRecord record)
    {
        // Room first: it may flush, which starts the buffer again.
        Span<byte> free = Room();
        _used += formatter.Format(record, free);
        Records++;
    }

    public void Write(in PathRecord record)
    {
        // Room first: it may flush, which starts the buffer again.
        Span<byte> free = Room();
        _used += formatter.Format(record, free);
        Records++;
    }

    private Span<byte> Room()
    {
        if (_buffer.Length - _used < _maxLength)
            Flush();
        return _buffer.AsSpan(_used);
    }

    /// <summary>Hands the buffered lines to the kernel, so they survive this process and reach the terminal.</summary>
    public void Flush()
    {
        if (_used == 0 || _failed)
            return;
        ReadOnlySpan<byte> pending = _buffer.AsSpan(0, _used);
        try
        {
            output.Write(pending);
        }
        catch
        {
            // Nothing more can be written whole; the output keeps what it has.
            _failed = true;
            throw;
        }
        EchoOut(pending);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        output.Dispose();
    }

    private void EchoOut(ReadOnlySpan<byte> lines)
    {
        if (_echo is null)
            return;
        try
        {
            _echo.Write(lines);
        }
        catch (IOException)
        {
            _echo = null;
            _echoClosed = true;
        }
    }
}
