using System.Runtime.InteropServices;
using Sysrec.Syscalls;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct decode_header</c>: the start of every record of a --decode recording.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodeHeader
{
    /// <summary>CLOCK_MONOTONIC.</summary>
    public ulong TimestampNs;
    /// <summary>Enter: the syscall. Exit: the one the registers name, -1 after rt_sigreturn. Events: 0.</summary>
    public long SyscallId;
    public uint Pid;
    public uint Tid;
    public DecodeRecordType Type;
    public SyscallAbi Abi;
}
