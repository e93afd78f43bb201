using Sysrec.Kernel;
using Sysrec.Syscalls;


namespace Sysrec.Top;

/// <summary>Counts records per process and syscall between two looks; what `sysrec top` shows.</summary>
internal sealed class LiveTally : IRecordSink
{
    private readonly Dictionary<uint, ProcessCounts> _processes = [];

    public void Write(in SyscallRecord record, int size)
    {
        if (!_processes.TryGetValue(record.Pid, out ProcessCounts? counts))
            _processes[record.Pid] = counts = new ProcessCounts(record.Pid);
        counts.Add(record);
    }

    /// <summary>The counts since the last call, busiest process first; the tally starts again from zero.</summary>
    public IReadOnlyList<ProcessCounts> TakeInterval()
    {
        var busiest = _processes.Values.OrderByDescending(p => p.Calls).ToList();
        _processes.Clear();
        return busiest;
    }
}

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
