using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sysrec.Syscalls;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct syscall_record</c> in bpf/sysrec.h, read in place from the ring buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SyscallRecord
{
    /// <summary>CLOCK_MONOTONIC at the call's entry; in a record captured without <see cref="TracerOptions.CaptureTime"/>, the key that orders it among the CPUs' rings, no time to show.</summary>
    public ulong TimestampNs;
    public long SyscallId;
    public uint Pid;
    public uint Tid;
    public int ProgIndex;
    public SyscallAbi Abi;
    public TaskComm Comm;
    /// <summary>Only in a record captured with arguments, as the rest of the fields below: the caller's real uid and gid, as the kernel numbers them.</summary>
    public uint Uid;
    public uint Gid;
    /// <summary>The caller's cgroup v2 id: the inode number of its cgroup's directory (<see cref="CgroupPaths"/> names it).</summary>
    public ulong CgroupId;
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

    /// <summary>The size of a record without <see cref="Uid"/> and what follows it (SYSREC_RECORD_SIZE_WITHOUT_ARGS).</summary>
    public static readonly int SizeWithoutArgs = (int)Marshal.OffsetOf<SyscallRecord>(nameof(Uid));

    /// <summary>The size of a <see cref="PathRecord"/>: a record this long in the ring buffer carries paths, or is an exec event.</summary>
    public static readonly int SizeWithPaths = Unsafe.SizeOf<PathRecord>();
}
