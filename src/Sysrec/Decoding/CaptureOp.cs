namespace Sysrec.Decoding;

/// <summary>
/// One read the kernel makes for a syscall: the loader sends a call's ops to the kernel's decode_spec
/// map. <see cref="Cap"/> and <see cref="MaxCount"/> may be <see cref="Snaplen"/>, the -s value the
/// loader also sends. The payload each kind produces is described on <see cref="CaptureKind"/>.
/// </summary>
/// <param name="Argument">0..5, or <see cref="CaptureSet.ReturnValue"/> for an fd the call returned.</param>
/// <param name="Element">Which int of an array argument holds the fd (FdTarget of pipe's fds), else 0.</param>
/// <param name="ElementSize">Bytes per element of an Array or Iovec; for a StringArray, the cap of each string.</param>
/// <param name="MaxCount">Elements at most (Array, Iovec, StringArray's strings).</param>
/// <param name="Cap">Bytes at most (String, Bytes, Sockaddr; per iovec for Iovec).</param>
internal readonly record struct CaptureOp(
    CaptureSide Side,
    CaptureKind Kind,
    byte Argument,
    byte Element = 0,
    LengthSource Length = LengthSource.None,
    byte LengthArgument = 0,
    ushort ElementSize = 0,
    uint MaxCount = 0,
    uint Cap = 0)
{
    /// <summary>A cap or count that is the -s value.</summary>
    public const uint Snaplen = uint.MaxValue;

    /// <summary>What the kernel reads of a path: PATH_MAX with its NUL.</summary>
    public const uint PathMax = 4096;
}
