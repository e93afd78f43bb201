using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sysrec.Tracing;

/// <summary>Mirror of <c>struct syscall_record</c> in bpf/sysrec.h, read in place from the ring buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SyscallRecord
{
    public ulong TimestampNs;
    public long SyscallId;
    public SyscallArgs Args;
    public uint Pid;
    public uint Tid;
    public int ProgIndex;
    public TaskComm Comm;
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
