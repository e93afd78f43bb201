namespace Sysrec.Kernel;

/// <summary>
/// Where the reader hands each record, in place: a record is only valid during the call. A record with
/// path arguments (--paths), and an exec event, come as the <see cref="PathRecord"/> they are; every
/// other record as a plain <see cref="SyscallRecord"/>.
/// </summary>
internal interface IRecordSink
{
    void Write(in SyscallRecord record);

    void Write(in PathRecord record);
}
