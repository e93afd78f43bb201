namespace Sysrec.Kernel;

/// <summary>Where the reader hands each record; the record is only valid during the call.</summary>
internal interface IRecordSink
{
    /// <param name="size">The record's length in the ring buffer, which tells which optional parts it has.</param>
    void Write(in SyscallRecord record, int size);
}
