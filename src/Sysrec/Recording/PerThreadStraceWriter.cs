using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Trace;

namespace Sysrec.Recording;

/// <summary>
/// -ff with --format strace: each thread's lines in a file of its own, NAME.TID, as strace -ff -o NAME
/// writes them: without the pid before each line, and with no call split in two, since no other
/// thread's line comes between in a thread's own file. The fd table is the recording's, shared.
/// </summary>
internal sealed class PerThreadStraceWriter(string basePath, StraceLineWriter lines, FdTracker descriptors, bool failedOnly) : IRecordingOutput, IDecodedSink
{
    // Each file's buffer holds strace's longest line; fewer open at once than the other -ff files, which buffer less.
    private const int MaxOpenFiles = 64;
    private const int BufferBytes = 512 << 10;

    private readonly TaskFiles<StraceWriter> _files = new(basePath, MaxOpenFiles, partHeader: null,
        output => new StraceWriter(output, lines, descriptors, failedOnly, echo: null, BufferBytes));

    public string Name => _files.Name;

    public long Records { get; private set; }

    public bool EchoClosed => false;

    /// <summary>Each file begins when its thread's first call comes.</summary>
    public void Begin()
    {
    }

    public void Enter(in DecodedCall call) => _files.Of((uint)call.Tid).Enter(call);

    public void Unfinished(in DecodedCall call)
    {
    }

    public void Complete(in DecodedCall call)
    {
        _files.Of((uint)call.Tid).Complete(call);
        Records++;
    }

    public void Fork(in ProcessFork fork) => descriptors.Fork(fork);

    public void Exit(in ProcessExit exit) => _files.Of((uint)exit.Tid).Exit(exit);

    public void Signal(in SignalDelivery signal) => _files.Of((uint)signal.Tid).Signal(signal);

    public void Flush() => _files.Flush();

    public string Progress() => _files.Progress();

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        Flush();
        return ($"written to {Name}, one file per thread ({_files.Count} {(_files.Count == 1 ? "file" : "files")})", []);
    }

    public void Dispose() => _files.Dispose();
}
