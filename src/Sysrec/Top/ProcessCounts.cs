using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Top;

internal sealed class ProcessCounts(uint pid)
{
    private readonly Dictionary<(SyscallAbi, long), long> _bySyscall = [];
    private TaskComm _comm;

    public uint Pid { get; } = pid;

    public long Calls { get; private set; }

    /// <summary>The comm of the process's latest record.</summary>
    public ReadOnlySpan<byte> Comm => TaskComm.Trim(_comm);

    public IEnumerable<((SyscallAbi Abi, long Number) Syscall, long Calls)> Hottest(int count) =>
        _bySyscall.OrderByDescending(entry => entry.Value).Take(count).Select(entry => (entry.Key, entry.Value));

    public void Add(in SyscallRecord record)
    {
        Calls++;
        _comm = record.Comm;
        var key = (record.Abi, record.SyscallId);
        _bySyscall[key] = _bySyscall.GetValueOrDefault(key) + 1;
    }
}
