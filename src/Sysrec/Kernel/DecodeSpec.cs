using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct decode_spec</c>: what the kernel reads of one syscall at its entry and at its exit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodeSpec
{
    public ushort EntryOps;
    public ushort ExitOps;
    public uint Reserved;
    public DecodeOps Entry;
    public DecodeOps Exit;
}
