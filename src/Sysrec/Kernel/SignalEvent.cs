using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct signal_event</c>: a signal delivered to a traced task, or ignored where it was generated.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SignalEvent
{
    public DecodeHeader Header;
    /// <summary>The kernel's siginfo, in a 64-bit kernel's layout.</summary>
    public SiginfoBytes Siginfo;
    /// <summary>SYSREC_HANDLER_*: 0 the default action, 1 ignored, 2 caught.</summary>
    public uint Handler;
    public uint Reserved;
}
