using System.Runtime.InteropServices;
using Sysrec.Syscalls;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct enter_record</c>: a call entered, its entry captures following to the record's end.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EnterRecord
{
    public DecodeHeader Header;
    public uint Uid;
    public uint Gid;
    public ulong CgroupId;
    public TaskComm Comm;
    public SyscallArgs Args;
}
