using System.Runtime.InteropServices;
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
    private readonly InterruptReadsOn? _interrupt;

    private TextInput(SafeFileHandle file, string path)
    {
        _file = file;
        _reader = new LineReader(file, path);
        Path = path;
        if (!_reader.CanReadAgain)
            _interrupt = new InterruptReadsOn();
    }

    public string Path { get; }

    /// <summary>The number of the line last read; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens <paramref name="path"/>; one that cannot be read is a failure (exit 1), named with why.</summary>
    public static TextInput Open(string path)
    {
        // Opened by its exact bytes, as FileNames says why.
        SafeFileHandle file = Interop.Libc.Open(path, Interop.Libc.O_RDONLY | Interop.Libc.O_CLOEXEC, 0);
        int error = file.IsInvalid ? Marshal.GetLastPInvokeError() : RefusedType(file);
        if (error == 0)
            return new TextInput(file, path);
        file.Dispose();
        throw new SysrecException(ExitCodes.Failure, $"cannot read {path}: {FileErrors.Reason(error)}");
    }

    // A directory opens for reading too; it is refused by its type, with the error reading it would give.
    private static int RefusedType(SafeFileHandle file) =>
        Interop.Libc.FStatx(file, "", Interop.Libc.AT_EMPTY_PATH, Interop.Libc.STATX_MODE, out var status) != 0 ? Marshal.GetLastPInvokeError()
        : (status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFDIR ? Interop.Libc.EISDIR
        : 0;

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

    public void Dispose()
    {
        _interrupt?.Dispose();
        _file.Dispose();
    }
}
