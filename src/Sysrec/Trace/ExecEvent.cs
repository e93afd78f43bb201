namespace Sysrec.Trace;

/// <summary>
/// A program a process started (a jsonl line with <c>"event":"exec"</c>): not a syscall, so only readers
/// that ask for it see it. <see cref="Exe"/> points into the reader's buffer, good until the next read.
/// </summary>
internal readonly ref struct ExecEvent(uint pid, ReadOnlySpan<byte> exe, ReadOnlySpan<byte> comm = default)
{
    public uint Pid { get; } = pid;

    /// <summary>The comm the exec gave the process (empty when the line has none).</summary>
    public ReadOnlySpan<byte> Comm { get; } = comm;

    /// <summary>The path of the program, as the kernel's bytes.</summary>
    public ReadOnlySpan<byte> Exe { get; } = exe;
}
