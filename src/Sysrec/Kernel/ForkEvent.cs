using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct fork_event</c>: a traced task made another; the header is the parent's.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ForkEvent
{
    public DecodeHeader Header;
    public uint ChildPid;
    public uint ChildTid;
    /// <summary>1 when the child uses the parent's fd table (a thread, CLONE_FILES).</summary>
    public uint SharesFiles;
    public uint Reserved;
}
