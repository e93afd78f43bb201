using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sysrec.Tracing;

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

    /// <summary>The size of a record without <see cref="Args"/> (SYSREC_RECORD_SIZE_WITHOUT_ARGS).</summary>
    public static readonly int SizeWithoutArgs = (int)Marshal.OffsetOf<SyscallRecord>(nameof(Args));
}

/// <summary>The syscall table a record's number belongs to (SYSREC_ABI_* in bpf/sysrec.h).</summary>
internal enum SyscallAbi : uint
{
    /// <summary>The kernel's own table: x86_64 on an x86_64 machine.</summary>
    Native = 0,
    /// <summary>A 32-bit process, or <c>int 0x80</c> from 64-bit code.</summary>
    I386 = 1,
}

[InlineArray(6)]
internal struct SyscallArgs
{
    private ulong _first;
}

/// <summary>The kernel's comm: up to 16 bytes, NUL-padded, not necessarily UTF-8.</summary>
[InlineArray(16)]
internal struct TaskComm
{
    private byte _first;

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> comm)
    {
        int end = comm.IndexOf((byte)0);
        return end < 0 ? comm : comm[..end];
    }
}
