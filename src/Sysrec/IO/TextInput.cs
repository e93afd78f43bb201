using Microsoft.Win32.SafeHandles;

namespace Sysrec.IO;

/// <summary>
/// An input file read line by line in constant memory, keeping its place so that every complaint about
/// it can say <c>file:line: what is wrong</c>.
/// </summary>
internal sealed class TextInput : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly LineReader _reader;

    private TextInput(SafeFileHandle file, string path)
    {
        _file = file;
        _reader = new LineReader(file, path);
        Path = path;
    }

    public string Path { get; }

    /// <summary>The number of the line last read; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens <paramref name="path"/>; one that cannot be read is a failure (exit 1), named with why.</summary>
    public static TextInput Open(string path)
    {
        try
        {
            return new TextInput(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // .NET reports a directory as access denied, which would send the user hunting for permissions.
            string reason = e is UnauthorizedAccessException && Directory.Exists(path) ? "is a directory" : FileErrors.Reason(e);
            throw new SysrecException(ExitCodes.Failure, $"cannot read {path}: {reason}", e);
        }
    }

    /// <summary>For a command that reads its input more than once: refuses a pipe, which reads only once.</summary>
    public static void RequireRereadable(string path, string command)
    {
        using TextInput input = Open(path);
        if (!input._reader.CanReadAgain)
            throw new SysrecException(ExitCodes.Usage, $"cannot read {path}: {command} reads the recording twice, and a pipe can be read only once. Save it to a file first");
    }

    /// <summary>
    /// Reads the next line, without its newline; false at the end of the file. A line that cannot be
    /// handed out (longer than <see cref="LineReader.MaxLineLength"/>) is an error, or with
    /// <paramref name="skipTooLong"/> passed over with <paramref name="problem"/> saying why. A last line
    /// without a newline is handed out with <paramref name="problem"/> saying so.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out string? problem, bool skipTooLong = false)
    {
        problem = null;
        LineStatus status = _reader.Read(out line);
        if (status == LineStatus.End)
            return false;
        LineNumber++;
        if (status == LineStatus.CutShort)
        {
            problem = CutShort;
        }
        else if (status == LineStatus.TooLong)
        {
            problem = $"line is longer than {LineReader.MaxLineLength} bytes";
            if (!skipTooLong)
                throw Error(problem);
            _reader.SkipLine();
        }
        return true;
    }

    public const string CutShort = "last line is cut short (no newline at the end)";

    /// <summary>A complaint about the line last read.</summary>
    public SysrecException Error(string what) => new(ExitCodes.Usage, $"{Path}:{LineNumber}: {what}");

    public void Dispose() => _file.Dispose();
}
