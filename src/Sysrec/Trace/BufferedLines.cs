namespace Sysrec.Trace;

/// <summary>
/// Whole lines gathered in one large buffer and written out in big chunks, to the trace and optionally
/// echoed to stdout: what every writer of a recording's lines shares, whatever makes the lines. A closed
/// stdout (the reader of a pipe went away) ends the echo, not the trace.
/// </summary>
internal sealed class BufferedLines(TraceOutput output, Stream? echo, int bufferBytes = LineFormat.BufferBytes) : IDisposable
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(bufferBytes);
    private Stream? _echo = echo;
    private int _used;
    private bool _failed;
    private bool _echoClosed;

    public string Name => output.Path;

    /// <summary>The echo was asked for and its reader has gone, or so has the reader of a trace written to a pipe.</summary>
    public bool EchoClosed => _echoClosed || output.ReaderGone;

    /// <summary>The recording has begun: the file loses what it held (see <see cref="TraceOutput.Begin"/>).</summary>
    public void Begin() => output.Begin();

    public string Progress() => $"{output.TotalBytes / (1024.0 * 1024.0):0.0} MiB written";

    /// <summary>Room for a line of up to <paramref name="longest"/> bytes, which <see cref="Commit"/> then keeps; it may flush, which starts the buffer again.</summary>
    public Span<byte> Room(int longest)
    {
        if (_buffer.Length - _used < longest)
            Flush();
        return _buffer.AsSpan(_used);
    }

    /// <summary>Keeps the <paramref name="length"/> bytes just written at the start of <see cref="Room"/>.</summary>
    public void Commit(int length) => _used += length;

    /// <param name="what">What the output holds, for the note on a reader that went away: "records", "lines".</param>
    public (string Where, IReadOnlyList<string> Notes) Finish(string what)
    {
        Flush();
        IReadOnlyList<string> notes = output.ReaderGone
            ? [$"the reader of {output.Path} went away; the {what} that came after it were not written"]
            : [];
        return ($"written to {(output.Parts == 1 ? output.Path : $"{output.Path} and {output.Path}.1 to .{output.Parts - 1}")}", notes);
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
