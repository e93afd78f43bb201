using Sysrec.Analysis;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Recording;

/// <summary>
/// For --summary: passes each record on to the trace and counts it as `sysrec stats` would count the
/// trace, so the table at the end is the one the saved recording gives, without reading it back. With
/// no trace (strace's lines, which take the decoded calls themselves) it only counts.
/// </summary>
internal sealed class SummarySink(IRecordSink? trace, bool withExit) : IRecordSink
{
    public StatsTally Tally { get; } = new(filter: null, perProcess: false);

    public void Write(in SyscallRecord record)
    {
        trace?.Write(in record);
        Count(record);
    }

    public void Write(in PathRecord record)
    {
        trace?.Write(in record);
        Count(record.Call);
    }

    private void Count(in SyscallRecord record)
    {
        if (record.SyscallId == SyscallRecord.ExecEvent)
            return;
        bool returned = withExit && record.DurationNs != SyscallRecord.NeverReturned;
        Tally.Add(new TraceEvent(record.Pid, TaskComm.Trim(record.Comm), new SyscallKey(record.Abi, record.SyscallId),
            returned ? record.Ret : null, returned ? record.DurationNs : null, record.TimestampNs, record.Tid));
    }
}
