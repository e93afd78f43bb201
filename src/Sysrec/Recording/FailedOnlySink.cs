using Sysrec.Kernel;
using Sysrec.Syscalls;


namespace Sysrec.Recording;

/// <summary>
/// -Z, --failed-only (with --exit): passes on only the calls that returned an error, as strace -Z prints
/// them; a call that never returned did not fail. Exec events pass, since they name what the calls ran.
/// </summary>
internal sealed class FailedOnlySink(IRecordSink next) : IRecordSink
{
    public void Write(in SyscallRecord record, int size)
    {
        bool failed = record.DurationNs != SyscallRecord.NeverReturned && SyscallReturn.IsError(record.Ret);
        if (failed || record.SyscallId == SyscallRecord.ExecEvent)
            next.Write(in record, size);
    }
}
