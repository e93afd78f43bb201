using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct sysrec_stats</c> in bpf/sysrec.h, summed over CPUs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TracerStats
{
    public ulong Dropped;
    public ulong TasksMarked;
    public ulong TasksReleased;
    public ulong TasksUntraced;
}
