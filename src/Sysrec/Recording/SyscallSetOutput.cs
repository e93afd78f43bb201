using Sysrec.Kernel;
using Sysrec.Trace;

namespace Sysrec.Recording;

/// <summary>
/// Where a recording made only for a seccomp profile goes: nothing is written, only which syscalls
/// were seen is kept, as reading the recording back would find them.
/// </summary>
internal sealed class SyscallSetOutput : IRecordOutput
{
    private readonly HashSet<SyscallKey> _seen = [];

    public IReadOnlyCollection<SyscallKey> Seen => _seen;

    public string Name => "a seccomp profile";

    public long Records { get; private set; }

    public bool EchoClosed => false;

    public void Write(in SyscallRecord record)
    {
        if (record.SyscallId == SyscallRecord.ExecEvent)
            return;
        Records++;
        _seen.Add(new SyscallKey(record.Abi, record.SyscallId));
    }

    public void Write(in PathRecord record) => Write(in record.Call);

    public void Begin()
    {
    }

    public void Flush()
    {
    }

    public string Progress() => $"{_seen.Count} syscalls";

    public (string Where, IReadOnlyList<string> Notes) Finish() => ($"of {_seen.Count} syscalls", []);

    public void Dispose()
    {
    }
}
