namespace Sysrec.Trace;

/// <summary>A process as stats, split and report tell them apart: its comm and pid (a pid keeps its number across exec).</summary>
internal readonly struct ProcessKey(byte[] comm, uint pid)
{
    public byte[] Comm { get; } = comm;

    public uint Pid { get; } = pid;
}
