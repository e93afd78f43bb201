using Sysrec.Kernel;
using Sysrec.Trace;

namespace Sysrec.Recording;

/// <summary>
/// -ff: the trace of each process in a file of its own, NAME.PID, as strace -ff -o NAME writes them (strace
/// makes one per thread; here a process's threads share its file, as they share its pid in the lines).
/// The lines are the ones a single trace would hold.
/// </summary>
internal sealed class PerProcessTraceWriter(string basePath, LineFormat format) : IRecordOutput
{
    private const int MaxOpenFiles = 256;
    private const int BufferBytes = 64 << 10;

    private readonly TaskFiles<IRecordOutput> _files = new(basePath, MaxOpenFiles, format.PartHeader, output => format.WriterTo(output, echo: null, BufferBytes));

    public string Name => _files.Name;

    public long Records { get; private set; }

    public bool EchoClosed => false;

    /// <summary>Each file begins when its process's first record comes.</summary>
    public void Begin()
    {
    }

    public void Write(in SyscallRecord record)
    {
        _files.Of(record.Pid).Write(in record);
        Records++;
    }

    public void Write(in PathRecord record)
    {
        _files.Of(record.Call.Pid).Write(in record);
        Records++;
    }

    public void Flush() => _files.Flush();

    public string Progress() => _files.Progress();

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        Flush();
        return ($"written to {Name}, one file per process ({_files.Count} {(_files.Count == 1 ? "file" : "files")})", []);
    }

    public void Dispose() => _files.Dispose();
}
