using Sysrec.Syscalls;

namespace Sysrec.Kernel;

internal sealed record TracerOptions
{
    /// <summary>SYSREC_DEFAULT_RING_BYTES: 16 MiB for each of two CPUs.</summary>
    public const int DefaultRingBufferBytes = 32 << 20;

    /// <summary>Size of the kernel-to-reader rings, all CPUs' together (<see cref="RingBuffers"/>): a power of two, at least a page.</summary>
    public int RingBufferBytes { get; init; } = DefaultRingBufferBytes;

    /// <summary>A traced task stays traced whatever it execs, and so do its descendants.</summary>
    public bool Follow { get; init; }

    /// <summary>Programs the recorder itself starts are traced from their exec (sysrec run).</summary>
    public bool TraceLaunched { get; init; }

    /// <summary>Records carry who made the call and the six syscall arguments (112 bytes; 48 without).</summary>
    public bool CaptureArgs { get; init; }

    /// <summary>
    /// Records carry the time of each call: what reading the clock costs is a third of a recorded call's
    /// cost here, and the design's text line shows no time. Always with the arguments.
    /// </summary>
    public bool CaptureTime { get; init; } = true;

    /// <summary>A syscall is recorded when it returns, with its return value and duration (with the arguments).</summary>
    public bool CaptureExit { get; init; }

    /// <summary>Syscalls that take paths carry the path strings, read at entry (with the arguments).</summary>
    public bool CapturePaths { get; init; }

    /// <summary>An exec that leaves a process traced becomes a record of its own, naming the file exec'd.</summary>
    public bool ExecEvents { get; init; }

    /// <summary>
    /// --decode: what the kernel reads of each syscall (Decoding's capture list, by ABI and number); each
    /// call then comes as an enter and an exit record with it, and forks, exits and signals as events;
    /// the other capture options are moot. Null: no decoding.
    /// </summary>
    public IReadOnlyCollection<(SyscallAbi Abi, long Number, DecodeSpec Spec)>? DecodeSpecs { get; init; }

    public bool Decode => DecodeSpecs is not null;

    /// <summary>-s: the bytes of a string or buffer, and the elements of an array, a decoded call keeps (strace's default).</summary>
    public int Snaplen { get; init; } = 32;

    /// <summary>The most -s can be: what one capture holds (SYSREC_DECODE_ITEM_MAX).</summary>
    public const int MaxSnaplen = 8192;

    /// <summary>Only these syscalls are recorded; the kernel side drops the others before they cost a record.</summary>
    public SyscallFilter? Syscalls { get; init; }

    /// <summary>--btf: the kernel's BTF for CO-RE, from this file rather than /sys/kernel/btf/vmlinux (BTFHub's, for a kernel built without it).</summary>
    public string? BtfPath { get; init; }

    /// <summary>libbpf's log is shown while loading (--verbose); without it only its warnings are kept, to explain a failure.</summary>
    public bool Verbose { get; init; }

    /// <summary>Unread bytes at which the kernel wakes the reader early instead of waiting for its next poll.</summary>
    public int WakeupBytes => Math.Max(RingBufferBytes / 64, Environment.SystemPageSize);
}
