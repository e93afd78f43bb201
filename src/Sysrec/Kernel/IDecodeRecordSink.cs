namespace Sysrec.Kernel;

/// <summary>Where the reader hands each record of a --decode recording, in place: its bytes are valid during the call only.</summary>
internal interface IDecodeRecordSink
{
    void Write(ReadOnlySpan<byte> record);
}
