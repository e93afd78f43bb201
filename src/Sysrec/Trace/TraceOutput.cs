using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sysrec.IO;

namespace Sysrec.Trace;

/// <summary>
/// The file a recording goes to. It only ever receives whole lines and keeps ending on one: at a size
/// limit it moves on to a numbered part (trace.log, trace.log.1, trace.log.2, ...), and when a write
/// fails (the disk is full) it is cut back to the last whole line that landed before the error is reported. A pipe,
/// a FIFO or a terminal (and stdout, for <c>-o -</c>) is written as a stream instead: in order, with no
/// parts and nothing to cut back, until its reader goes away. Every file (and a stream) starts with the
/// header line the format may ask for: a jsonl recording's clock event (<see cref="JsonLine.FormatClock"/>).
/// </summary>
internal sealed class TraceOutput : IDisposable
{
    /// <summary>The name -o takes for stdout, as strace users write it.</summary>
    public const string StandardOutputName = "-";

    private const string Remedy = "Choose another file with -o FILE";

    private readonly string _path;
    private readonly long? _maxBytes;
    // What the user can do about a file that cannot be written, ending the error message.
    private readonly string _remedy;
    private SafeFileHandle _file;
    // Set for what cannot be written at an offset: a pipe, a FIFO, a terminal.
    private readonly FileStream? _stream;
    private long _length;
    // Until Begin, an existing file keeps what it holds and one created here is removed again on Dispose.
    private bool _begun;
    private readonly bool _created;
    private readonly Func<byte[]>? _partHeader;

    /// <summary>Opens <paramref name="path"/> for a new recording, emptying it and removing an earlier recording's numbered parts.</summary>
    /// <param name="partHeader">The line each part starts with, made when the part begins; null for none.</param>
    public TraceOutput(string path, long? maxBytes, Func<byte[]>? partHeader = null)
        : this(path, maxBytes, partHeader, beginNow: true)
    {
    }

    private TraceOutput(string path, long? maxBytes, Func<byte[]>? partHeader, bool beginNow)
        : this(path == StandardOutputName ? "stdout" : path, maxBytes, Open(path, out bool created), length: 0, Remedy,
            asStream: path == StandardOutputName)
    {
        _created = created;
        _partHeader = partHeader;
        if (_stream is not null && maxBytes is not null)
        {
            Dispose();
            throw SysrecException.BadArguments($"--max-size: {Path} is not a file that can be cut into parts. Leave out --max-size, or write to a file");
        }
        if (beginNow)
            Begin();
    }

    /// <summary>
    /// As the constructor, refusing what cannot be written before anything starts, but what the file holds
    /// stays until <see cref="Begin"/>: for run, whose command may fail to start.
    /// </summary>
    public static TraceOutput BeginningLater(string path, long? maxBytes, Func<byte[]>? partHeader = null) => new(path, maxBytes, partHeader, beginNow: false);

    private TraceOutput(string path, long? maxBytes, SafeFileHandle file, long length, string remedy, bool asStream = false)
    {
        _path = path;
        _maxBytes = maxBytes;
        _remedy = remedy;
        _file = file;
        _length = length;
        CurrentPath = path;
        if (asStream || !OutputFiles.IsRegularFile(file))
            _stream = new FileStream(file, FileAccess.Write, bufferSize: 0);
    }

    // stdout may be a file opened for appending, or shared with others writing to it: written where it
    // stands, and never emptied.
    private static SafeFileHandle Open(string path, out bool created)
    {
        if (path != StandardOutputName)
            return OutputFiles.CreateOrOpen(path, Remedy, out created);
        created = false;
        return new SafeFileHandle(1, ownsHandle: false);
    }

    /// <summary>The recording has really begun (run's command has started): what the file held goes.</summary>
    public void Begin()
    {
        if (_stream is null)
        {
            OutputFiles.Empty(_file, _path, Remedy);
            OutputFiles.RemoveEarlierParts(_path);
        }
        _begun = true;
        WriteHeader();
    }

    /// <summary>
    /// Goes on with a recording that is built up over several runs (a collected dataset's): its first
    /// <paramref name="length"/> bytes are kept, anything after them, written by a run that did not
    /// finish, is cut off.
    /// </summary>
    public static TraceOutput Continue(string path, long length, string remedy)
    {
        SafeFileHandle file = OutputFiles.OpenOrCreate(path, remedy);
        try
        {
            RandomAccess.SetLength(file, length);
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new SysrecException(ExitCodes.Failure, $"cannot write {path}: {FileErrors.Reason(e)}. {remedy}");
        }
        return new TraceOutput(path, maxBytes: null, file, length, remedy) { _begun = true };
    }

    /// <summary>The length of the first part, the only one when there is no size limit.</summary>
    public long Length => _length;

    /// <summary>Makes what was written survive a crash of the machine, not only of this process.</summary>
    public void FlushToDisk() => RandomAccess.FlushToDisk(_file);

    /// <summary>The first part's name, the one the user gave.</summary>
    public string Path => _path;

    public string CurrentPath { get; private set; }

    /// <summary>Bytes written over all parts.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>How many files the recording has gone to so far.</summary>
    public int Parts { get; private set; } = 1;

    /// <summary>The reader of a stream output went away; what comes after is not written.</summary>
    public bool ReaderGone { get; private set; }

    /// <summary>Writes <paramref name="lines"/>, which end with a newline.</summary>
    public void Write(ReadOnlySpan<byte> lines)
    {
        while (_maxBytes is long limit && _length + lines.Length > limit)
        {
            int fits = lines[..(int)Math.Max(0, limit - _length)].LastIndexOf((byte)'\n') + 1;
            // A line longer than the whole limit still has to go somewhere: alone in its own part.
            if (fits == 0 && _length == 0)
                fits = lines.IndexOf((byte)'\n') + 1;
            Append(lines[..fits]);
            lines = lines[fits..];
            if (lines.IsEmpty)
                return;
            StartNextPart();
        }
        Append(lines);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _file.Dispose();
        // A recording that never began leaves no file of its own behind.
        if (!_begun && _created)
            OutputFiles.DeleteQuietly(_path);
    }

    // Written in a loop of its own rather than by RandomAccess.Write, which does not say how much of a
    // big buffer landed before the disk filled up, so the file could only be cut back to before all of it.
    private void Append(ReadOnlySpan<byte> lines)
    {
        if (_stream is not null)
        {
            AppendToStream(lines);
            return;
        }
        int written = 0;
        while (written < lines.Length)
        {
            nint count = Interop.Libc.PWrite(_file, lines[written..], _length + written);
            if (count >= 0)
                written += (int)count;
            else if (Marshal.GetLastPInvokeError() is var error and not Interop.Libc.EINTR)
                throw Failed(lines[..written], error);
        }
        _length += lines.Length;
        TotalBytes += lines.Length;
    }

    /// <summary>Keeps the whole lines of <paramref name="landed"/>, what the kernel took before the error, and says what happened.</summary>
    private SysrecException Failed(ReadOnlySpan<byte> landed, int error)
    {
        int whole = landed.LastIndexOf((byte)'\n') + 1;
        _length += whole;
        TotalBytes += whole;
        // The file system may refuse that too: the error being reported matters more.
        Interop.Libc.FTruncate(_file, _length);
        return new SysrecException(ExitCodes.Failure,
            $"cannot write {CurrentPath}: {Marshal.GetPInvokeErrorMessage(error)}. It ends with the last whole line written before that; free some space, or {char.ToLowerInvariant(_remedy[0])}{_remedy[1..]}");
    }

    private void AppendToStream(ReadOnlySpan<byte> lines)
    {
        if (ReaderGone)
            return;
        try
        {
            _stream!.Write(lines);
            _length += lines.Length;
            TotalBytes += lines.Length;
        }
        catch (IOException)
        {
            // The reader closed the pipe (EPIPE; the runtime ignores SIGPIPE), as `| head` does.
            ReaderGone = true;
        }
    }

    private void StartNextPart()
    {
        string next = $"{_path}.{Parts}";
        SafeFileHandle file = OutputFiles.Create(next, Remedy);
        _file.Dispose();
        _file = file;
        _length = 0;
        CurrentPath = next;
        Parts++;
        WriteHeader();
    }

    private void WriteHeader()
    {
        if (_partHeader is not null)
            Append(_partHeader());
    }
}
