namespace Sysrec.Tracing;

/// <summary>Where the reader hands each record; the record is only valid during the call.</summary>
internal interface IRecordSink
{
    void Write(in SyscallRecord record);
}
