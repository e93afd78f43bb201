using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Recording;

/// <summary>
/// -Z, --failed-only (with --exit): passes on only the calls that returned an error, as strace -Z prints
/// them; a call that never returned did not fail. Exec events pass, since they name what the calls ran.
/// </summary>
internal sealed class FailedOnlySink(IRecordSink next) : IRecordSink
{
    public void Write(in SyscallRecord record)
    {
        if (Passes(record))
            next.Write(in record);
    }

    public void Write(in PathRecord record)
    {
        if (Passes(record.Call))
            next.Write(in record);
    }

    private static bool Passes(in SyscallRecord record) =>
        record.SyscallId == SyscallRecord.ExecEvent || (record.DurationNs != SyscallRecord.NeverReturned && SyscallReturn.IsError(record.Ret));
}
