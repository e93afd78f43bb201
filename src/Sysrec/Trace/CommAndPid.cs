namespace Sysrec.Trace;

/// <summary>A key as a line gives it, pointing into the line, so looking up a known process copies nothing.</summary>
internal readonly ref struct CommAndPid(ReadOnlySpan<byte> comm, uint pid)
{
    public ReadOnlySpan<byte> Comm { get; } = comm;

    public uint Pid { get; } = pid;
}
