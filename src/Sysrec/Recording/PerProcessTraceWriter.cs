using Sysrec.Kernel;
using Sysrec.Trace;

namespace Sysrec.Recording;

/// <summary>
/// -ff: the trace of each process in a file of its own, NAME.PID, as strace -ff -o NAME writes them (strace
/// makes one per thread; here a process's threads share its file, as they share its pid in the lines).
/// The lines are the ones a single trace would hold. A machine can run more processes than a recorder
/// should hold files open, so the least recently written are closed and taken up again where they ended.
/// </summary>
internal sealed class PerProcessTraceWriter(string basePath, LineFormat format) : IRecordOutput
{
    private const int MaxOpenFiles = 256;
    private const int BufferBytes = 64 << 10;
    private const string Remedy = "Choose another name with -o NAME";

    private readonly Dictionary<uint, ProcessFile> _files = [];
    private int _open;
    private long _uses;
    // Bytes in the files closed meanwhile, for the progress.
    private long _closedBytes;

    public string Name => $"{basePath}.PID";

    public long Records { get; private set; }

    public bool EchoClosed => false;

    /// <summary>Each file begins when its process's first record comes.</summary>
    public void Begin()
    {
    }

    public void Write(in SyscallRecord record)
    {
        FileOf(record.Pid).Write(in record);
        Records++;
    }

    public void Write(in PathRecord record)
    {
        FileOf(record.Call.Pid).Write(in record);
        Records++;
    }

    public void Flush()
    {
        foreach (ProcessFile file in _files.Values)
            file.Writer?.Flush();
    }

    public string Progress() =>
        $"{(_closedBytes + _files.Values.Sum(file => file.Output?.TotalBytes ?? 0)) / (1024.0 * 1024.0):0.0} MiB written";

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        Flush();
        return ($"written to {Name}, one file per process ({_files.Count} {(_files.Count == 1 ? "file" : "files")})", []);
    }

    public void Dispose()
    {
        foreach (ProcessFile file in _files.Values)
            file.Writer?.Dispose();
    }

    private IRecordOutput FileOf(uint pid)
    {
        if (!_files.TryGetValue(pid, out ProcessFile? file))
        {
            file = new ProcessFile($"{basePath}.{pid}");
            _files.Add(pid, file);
        }
        file.LastUse = ++_uses;
        if (file.Writer is null)
        {
            if (_open == MaxOpenFiles)
                CloseLeastRecentlyWritten();
            // A file taken up again keeps what it has; a new one starts empty, whatever an earlier recording left.
            file.Output = file.Length is long length ? TraceOutput.Continue(file.Path, length, Remedy) : new TraceOutput(file.Path, maxBytes: null, format.PartHeader);
            file.Writer = format.WriterTo(file.Output, echo: null, BufferBytes);
            _open++;
        }
        return file.Writer;
    }

    private void CloseLeastRecentlyWritten()
    {
        ProcessFile oldest = _files.Values.Where(file => file.Writer is not null).MinBy(file => file.LastUse)!;
        oldest.Writer!.Dispose();
        oldest.Length = oldest.Output!.Length;
        _closedBytes += oldest.Output.TotalBytes;
        oldest.Writer = null;
        oldest.Output = null;
        _open--;
    }

    private sealed class ProcessFile(string path)
    {
        public string Path { get; } = path;
        public TraceOutput? Output { get; set; }
        public IRecordOutput? Writer { get; set; }
        /// <summary>Set while the file is closed: how long it is.</summary>
        public long? Length { get; set; }
        public long LastUse { get; set; }
    }
}
