
namespace Sysrec.Kernel;

/// <summary>Takes the exec events the recorder finds rather than the kernel: processes that ran before recording began.</summary>
internal interface IExecEventSink
{
    void WriteExec(ulong timestampNs, uint pid, ReadOnlySpan<byte> comm, in PathArg exe);
}
