using Microsoft.Win32.SafeHandles;

namespace Sysrec.IO;

internal enum LineStatus
{
    Line,
    End,
    /// <summary>The file ends inside a line, which has no newline after it: the line is what there is of it.</summary>
    CutShort,
    /// <summary>A line longer than <see cref="LineReader.MaxLineLength"/>; <see cref="LineReader.SkipLine"/> passes over it.</summary>
    TooLong,
}

/// <summary>
/// Reads newline-terminated lines through one fixed buffer, so memory stays the same whatever the file's
/// size. A line is handed out as a span into that buffer: it is valid until the next <see cref="Read"/>.
/// </summary>
internal sealed class LineReader(SafeFileHandle file, string path)
{
    public const int MaxLineLength = 64 * 1024;

    // One byte more than the longest line, so that such a line and its newline fit together.
    private readonly byte[] _buffer = new byte[MaxLineLength + 1];
    // Read in sequence rather than at offsets, so a pipe (a recording still being made) reads as a file does.
    private readonly FileStream _stream = new(file, FileAccess.Read, bufferSize: 0);
    private int _start;
    private int _end;
    // How many bytes from _start on are known to hold no newline: a long line is searched only once.
    private int _scanned;
    private bool _atEnd;

    /// <summary>A file can be read again from the start; a pipe cannot.</summary>
    public bool CanReadAgain => _stream.CanSeek;

    public LineStatus Read(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, _scanned + newline);
                _start += _scanned + newline + 1;
                _scanned = 0;
                return LineStatus.Line;
            }
            line = default;
            _scanned = _end - _start;
            if (_scanned > MaxLineLength)
                return LineStatus.TooLong;
            if (_atEnd && _scanned == 0)
                return LineStatus.End;
            if (_atEnd)
            {
                line = _buffer.AsSpan(_start, _scanned);
                _start = _end;
                _scanned = 0;
                return LineStatus.CutShort;
            }
            Fill();
        }
    }

    /// <summary>Passes over the rest of a line too long to hand out, up to and including its newline.</summary>
    public void SkipLine()
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                _scanned = 0;
                return;
            }
            _start = _end;
            _scanned = 0;
            if (_atEnd)
                return;
            Fill();
        }
    }

    private void Fill()
    {
        // The unfinished line moves to the front, so a line crossing the end of the buffer is read whole.
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
        int read;
        try
        {
            read = _stream.Read(_buffer.AsSpan(_end));
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot read {path}: {FileErrors.Reason(e)}", e);
        }
        _end += read;
        _atEnd = read == 0;
    }
}
