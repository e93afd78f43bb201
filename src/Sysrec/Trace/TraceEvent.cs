namespace Sysrec.Trace;

/// <summary>
/// One syscall of a saved recording, in either format. <see cref="Comm"/> and <see cref="Args"/> point
/// into the reader's buffers and are only good until the next read. <see cref="Ret"/> and
/// <see cref="DurationNs"/> are null when the recording does not have them (text lines, jsonl made
/// without --exit) or the call never returned; <see cref="TimestampNs"/> and <see cref="Tid"/> are null
/// in text lines, which carry neither time nor thread; <see cref="Identity"/> is empty in text lines and in
/// jsonl older than it.
/// </summary>
internal readonly ref struct TraceEvent(
    uint pid, ReadOnlySpan<byte> comm, SyscallKey syscall, long? ret, ulong? durationNs, ulong? timestampNs,
    uint? tid = null, ReadOnlySpan<ulong> args = default, CallIdentity identity = default)
{
    /// <summary>Who made the call and in which cgroup (jsonl <c>uid</c>, <c>gid</c>, <c>cgroup_id</c>, <c>cgroup</c>).</summary>
    public CallIdentity Identity { get; } = identity;

    public uint Pid { get; } = pid;

    /// <summary>The kernel's comm bytes, unescaped.</summary>
    public ReadOnlySpan<byte> Comm { get; } = comm;

    public SyscallKey Syscall { get; } = syscall;

    /// <summary>The raw return value: -errno on failure.</summary>
    public long? Ret { get; } = ret;

    public ulong? DurationNs { get; } = durationNs;

    /// <summary>CLOCK_MONOTONIC at the syscall's entry (jsonl <c>ts_ns</c>).</summary>
    public ulong? TimestampNs { get; } = timestampNs;

    /// <summary>The thread that made the call (jsonl <c>tid</c>).</summary>
    public uint? Tid { get; } = tid;

    /// <summary>The six raw argument registers (jsonl <c>args</c>); empty when the recording has none.</summary>
    public ReadOnlySpan<ulong> Args { get; } = args;
}
