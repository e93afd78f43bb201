using System.Runtime.InteropServices;
using Sysrec.Decoding;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct decode_op</c>: one <see cref="CaptureOp"/> as the kernel reads it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodeOp
{
    /// <summary>SYSREC_OP_FD_IN_ARRAY: an FdTarget's fd is element <see cref="Element"/> of the int array the argument points to.</summary>
    public const byte FdInArray = 1;

    public CaptureKind Kind;
    public byte Argument;
    public byte Element;
    public LengthSource LengthSource;
    public byte LengthArgument;
    public byte Flags;
    public ushort ElementSize;
    public uint MaxCount;
    public uint Cap;
}
