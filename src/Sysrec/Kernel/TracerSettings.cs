using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct sysrec_config</c> in bpf/sysrec.h: the program's .rodata.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TracerSettings
{
    public ulong WakeupBytes;
    public uint SelfTgid;
    public byte TraceAll;
    public byte Follow;
    public byte TraceLaunched;
    public byte CaptureArgs;
    public byte FilterSyscalls;
    public byte CaptureExit;
    public byte CapturePaths;
    public byte ExecEvents;
}
