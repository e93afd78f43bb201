using Sysrec.Kernel;

namespace Sysrec.Decoding;

/// <summary>
/// The calls of a --decode recording as the records the text and JSON Lines outputs write: each call,
/// when it has returned, one record with its arguments, return and duration, as --exit makes them. What
/// only strace's lines show (the captures, the process events) is not in them.
/// </summary>
internal sealed class DecodedRecords(IRecordSink records) : IDecodedSink
{
    public void Enter(in DecodedCall call)
    {
    }

    public void Unfinished(in DecodedCall call)
    {
    }

    public void Complete(in DecodedCall call)
    {
        var record = new SyscallRecord
        {
            TimestampNs = call.EnterNs,
            SyscallId = call.Number,
            Pid = (uint)call.Pid,
            Tid = (uint)call.Tid,
            ProgIndex = TaskMarker.NoProg,
            Abi = call.Abi,
            Uid = call.Uid,
            Gid = call.Gid,
            CgroupId = call.CgroupId,
            Ret = call.Returned ? call.Ret : 0,
            DurationNs = call.Returned ? call.ExitNs - call.EnterNs : SyscallRecord.NeverReturned,
        };
        call.Comm.CopyTo(record.Comm);
        call.Args.CopyTo(record.Args);
        records.Write(in record);
    }

    public void Fork(in ProcessFork fork)
    {
    }

    public void Exit(in ProcessExit exit)
    {
    }

    public void Signal(in SignalDelivery signal)
    {
    }
}
