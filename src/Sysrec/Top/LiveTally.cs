using Sysrec.Kernel;

namespace Sysrec.Top;

/// <summary>Counts records per process and syscall between two looks; what `sysrec top` shows.</summary>
internal sealed class LiveTally : IRecordSink
{
    private readonly Dictionary<uint, ProcessCounts> _processes = [];

    // top asks for neither paths nor exec events; a record with paths counts as its call.
    public void Write(in PathRecord record) => Write(in record.Call);

    public void Write(in SyscallRecord record)
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
