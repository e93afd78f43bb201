using Sysrec.Tracing;

namespace Sysrec.Analysis;

/// <summary>
/// One syscall of a saved recording, in either format. <see cref="Comm"/> points into the reader's buffer
/// and is only good until the next read. <see cref="Ret"/> and <see cref="DurationNs"/> are null when the
/// recording does not have them (text lines, jsonl made without --exit) or the call never returned;
/// <see cref="TimestampNs"/> is null in text lines, which carry no time.
/// </summary>
internal readonly ref struct TraceEvent(uint pid, ReadOnlySpan<byte> comm, SyscallKey syscall, long? ret, ulong? durationNs, ulong? timestampNs)
{
    public uint Pid { get; } = pid;

    /// <summary>The kernel's comm bytes, unescaped.</summary>
    public ReadOnlySpan<byte> Comm { get; } = comm;

    public SyscallKey Syscall { get; } = syscall;

    /// <summary>The raw return value: -errno on failure.</summary>
    public long? Ret { get; } = ret;

    public ulong? DurationNs { get; } = durationNs;

    /// <summary>CLOCK_MONOTONIC at the syscall's entry (jsonl <c>ts_ns</c>).</summary>
    public ulong? TimestampNs { get; } = timestampNs;
}
