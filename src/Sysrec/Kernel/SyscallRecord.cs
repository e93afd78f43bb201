using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sysrec.Syscalls;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct syscall_record</c> in bpf/sysrec.h, read in place from the ring buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SyscallRecord
{
    public ulong TimestampNs;
    public long SyscallId;
    public uint Pid;
    public uint Tid;
    public int ProgIndex;
    public SyscallAbi Abi;
    public TaskComm Comm;
    /// <summary>Only in a record captured with arguments (<see cref="TracerOptions.CaptureArgs"/>); otherwise not part of it.</summary>
    public SyscallArgs Args;
    /// <summary>Only with <see cref="TracerOptions.CaptureExit"/>: the raw return, -errno on failure.</summary>
    public long Ret;
    /// <summary>Only with <see cref="TracerOptions.CaptureExit"/>: entry to return, or <see cref="NeverReturned"/>.</summary>
    public ulong DurationNs;

    /// <summary>SYSREC_NEVER_RETURNED: exit, exit_group, or a thread that ended inside the call.</summary>
    public const ulong NeverReturned = ulong.MaxValue;

    /// <summary>SYSREC_EXEC_EVENT: the <see cref="SyscallId"/> of an exec event, outside the int range of syscall numbers.</summary>
    public const long ExecEvent = -(1L << 32);

    /// <summary>The size of a record without <see cref="Args"/> (SYSREC_RECORD_SIZE_WITHOUT_ARGS).</summary>
    public static readonly int SizeWithoutArgs = (int)Marshal.OffsetOf<SyscallRecord>(nameof(Args));

    /// <summary>The size of a <see cref="PathRecord"/>: a record this long carries paths, or is an exec event.</summary>
    public static readonly int SizeWithPaths = Unsafe.SizeOf<PathRecord>();

    /// <summary>The paths that follow a record of <see cref="SizeWithPaths"/> bytes (any other has none).</summary>
    public static ref readonly PathArgs PathsOf(in SyscallRecord record) =>
        ref Unsafe.As<SyscallRecord, PathRecord>(ref Unsafe.AsRef(in record)).Paths;
}

/// <summary>Mirror of <c>struct path_record</c>: a record with its path arguments (--paths), or an exec event.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathRecord
{
    public SyscallRecord Call;
    public PathArgs Paths;
}

/// <summary>Mirror of <c>struct path_args</c>: the path arguments of one call, in argument order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathArgs
{
    public uint Count;
    public PathArgPair Arg;
}

[InlineArray(Length)]
internal struct PathArgPair
{
    public const int Length = 2; // SYSREC_MAX_PATH_ARGS

    private PathArg _first;
}

/// <summary>Mirror of <c>struct path_arg</c>: one path as read at syscall entry, cut to 255 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PathArg
{
    /// <summary>Bytes of <see cref="Str"/>, without the NUL; -1 (SYSREC_PATH_UNREADABLE) for NULL, a bad pointer, or memory the kernel could not read without faulting.</summary>
    public short Len;
    /// <summary>1 when the path is longer than what <see cref="Str"/> holds.</summary>
    public ushort Truncated;
    public PathBytes Str;

    public readonly bool Readable => Len >= 0;

    /// <summary>A path read in user space, cut as the BPF program cuts one.</summary>
    public static PathArg From(ReadOnlySpan<byte> path)
    {
        int kept = Math.Min(path.Length, PathBytes.Length - 1);
        var arg = new PathArg { Len = (short)kept, Truncated = path.Length > kept ? (ushort)1 : (ushort)0 };
        path[..kept].CopyTo(arg.Str);
        return arg;
    }

    /// <summary>The bytes read, without the NUL; empty when unreadable.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Bytes => ((ReadOnlySpan<byte>)Str)[..Math.Clamp((int)Len, 0, PathBytes.Length - 1)];
}

[InlineArray(Length)]
internal struct PathBytes
{
    public const int Length = 256; // SYSREC_ARG_PATH_LEN

    private byte _first;
}

[InlineArray(6)]
internal struct SyscallArgs
{
    private ulong _first;
}
