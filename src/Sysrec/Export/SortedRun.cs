using System.Buffers.Binary;

namespace Sysrec.Export;

/// <summary>One run of <see cref="TimeOrderedLines"/> read back, line by line, in the order it was written.</summary>
internal sealed class SortedRun : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _line;
    private int _length;

    private SortedRun(FileStream file, int longestLine)
    {
        _file = file;
        _line = new byte[longestLine];
    }

    public ulong Time { get; private set; }

    public ReadOnlySpan<byte> Line => _line.AsSpan(0, _length);

    public static SortedRun Open(string path, int longestLine)
    {
        try
        {
            return new SortedRun(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, TimeOrderedLines.RunBufferBytes,
                FileOptions.SequentialScan), longestLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TimeOrderedLines.TemporaryFailure(Path.GetDirectoryName(path)!, e);
        }
    }

    /// <summary>Reads the next line; false at the run's end.</summary>
    public bool MoveNext()
    {
        Span<byte> header = stackalloc byte[TimeOrderedLines.RunHeaderBytes];
        try
        {
            if (_file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                return false;
            Time = BinaryPrimitives.ReadUInt64LittleEndian(header);
            _length = BinaryPrimitives.ReadInt32LittleEndian(header[sizeof(ulong)..]);
            _file.ReadExactly(_line, 0, _length);
            return true;
        }
        catch (IOException e)
        {
            throw TimeOrderedLines.TemporaryFailure(Path.GetDirectoryName(_file.Name)!, e);
        }
    }

    public void Dispose() => _file.Dispose();
}
