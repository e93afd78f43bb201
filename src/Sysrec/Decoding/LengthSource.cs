namespace Sysrec.Decoding;

/// <summary>Where a capture's length (bytes, or elements for an array) comes from.</summary>
internal enum LengthSource : byte
{
    /// <summary>The op's cap alone: a struct of fixed size, a NUL-terminated string.</summary>
    None,
    /// <summary>Argument <see cref="CaptureOp.LengthArgument"/>'s value (write's count).</summary>
    Argument,
    /// <summary>The return value, when not negative (read's count).</summary>
    Return,
    /// <summary>The u32 that argument <see cref="CaptureOp.LengthArgument"/> points to, read at the capture's side (accept's *addrlen).</summary>
    ArgumentPointee,
    /// <summary>The bytes that argument <see cref="CaptureOp.LengthArgument"/>'s count of bits fills, an int as the kernel takes it (select's n).</summary>
    ArgumentBits,
}
