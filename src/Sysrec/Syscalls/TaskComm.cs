using System.Runtime.CompilerServices;

namespace Sysrec.Syscalls;

/// <summary>The kernel's comm: up to 16 bytes, NUL-padded, not necessarily UTF-8.</summary>
[InlineArray(Length)]
internal struct TaskComm
{
    /// <summary>TASK_COMM_LEN (SYSREC_COMM_LEN), the NUL included.</summary>
    public const int Length = 16;

    private byte _first;

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> comm)
    {
        int end = comm.IndexOf((byte)0);
        return end < 0 ? comm : comm[..end];
    }
}
