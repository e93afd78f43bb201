using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct decode_op</c>: one read of a call's argument (Decoding's CaptureOp) as the kernel makes it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodeOp
{
    /// <summary>SYSREC_OP_FD_IN_ARRAY: an FdTarget's fd is element <see cref="Element"/> of the int array the argument points to.</summary>
    public const byte FdInArray = 1;

    /// <summary>SYSREC_CAPTURE_*, the values of Decoding's CaptureKind.</summary>
    public byte Kind;
    public byte Argument;
    public byte Element;
    /// <summary>SYSREC_LENGTH_*, the values of Decoding's LengthSource.</summary>
    public byte LengthSource;
    public byte LengthArgument;
    public byte Flags;
    public ushort ElementSize;
    public uint MaxCount;
    public uint Cap;
    /// <summary>Bytes added to the pointer before reading.</summary>
    public uint Offset;
}
