using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct task_exit_event</c>: a traced task ended.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TaskExitEvent
{
    public DecodeHeader Header;
    /// <summary>As wait reports it: the status in bits 8..15, or the killing signal in bits 0..6 and 0x80 for a core dump.</summary>
    public int ExitCode;
    /// <summary>1 for the last thread of its process.</summary>
    public uint GroupDead;
}
