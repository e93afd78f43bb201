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
/// Formats records into one large buffer and writes it out in big chunks, to the trace and optionally
/// echoed to stdout. A closed stdout (the reader of a pipe went away) ends the echo, not the trace.
/// </summary>
/// <param name="stamp">-t, -tt, -ttt: the wall-clock time before each text line.</param>
internal sealed class TraceWriter(TraceOutput output, Stream? echo, TraceFormat format, bool syscallNames, bool withExit,
    WallClockStamp? stamp = null, int bufferBytes = 1 << 20) : ITraceDestination, IExecEventSink
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(bufferBytes);
    private readonly int _maxLength = format == TraceFormat.Text ? WallClockStamp.MaxLength + TraceLine.MaxLength : JsonLine.MaxLength;
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

    public void Write(in SyscallRecord record, int size)
    {
        Span<byte> free = Room();
        if (format == TraceFormat.Jsonl)
        {
            _used += JsonLine.Format(record, size, free, withArgs: true, withExit);
        }
        else
        {
            int stamped = stamp?.Format(record.TimestampNs, free) ?? 0;
            _used += stamped + TraceLine.Format(record, free[stamped..], syscallNames);
        }
        Records++;
    }

    /// <summary>An exec event the recorder found rather than the kernel: a process that ran before recording began (jsonl only).</summary>
    public void WriteExec(ulong timestampNs, uint pid, ReadOnlySpan<byte> comm, in PathArg exe)
    {
        _used += JsonLine.FormatExec(timestampNs, pid, pid, comm, exe, Room());
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
