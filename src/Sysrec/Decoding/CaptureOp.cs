namespace Sysrec.Decoding;

/// <summary>
/// One read the kernel makes for a syscall: the loader sends a call's ops (<see cref="SyscallPrinter.Captures"/>,
/// derived in <see cref="ArgumentCaptures"/> from the printer table, the one place that says what is read)
/// to the kernel's decode_spec map. <see cref="Cap"/> and <see cref="MaxCount"/> may be <see cref="Snaplen"/>, the -s value the
/// loader also sends. The payload each kind produces is described on <see cref="CaptureKind"/>.
/// </summary>
/// <param name="Argument">0..5, or <see cref="CaptureSet.ReturnValue"/> for an fd the call returned.</param>
/// <param name="Element">Which int of an array argument holds the fd (FdTarget of pipe's fds), else 0.</param>
/// <param name="Length">Where the length of a Bytes, Array or Sockaddr comes from; for an Iovec or Msghdr, whether the return shares out its bytes.</param>
/// <param name="LengthArgument">The argument of <see cref="LengthSource.Argument"/> or <see cref="LengthSource.ArgumentPointee"/>; for an Iovec, the argument holding the iovec count.</param>
/// <param name="ElementSize">Bytes per element of an Array, or per iovec in user memory; for a StringArray, the cap of each string (-s when smaller).</param>
/// <param name="MaxCount">Elements at most (Array, Iovec, StringArray's strings).</param>
/// <param name="Cap">Bytes at most (String, Bytes, Sockaddr; per iovec for Iovec).</param>
/// <param name="Offset">Bytes added to the pointer before reading (rt_sigreturn's mask above the stack pointer), else 0.</param>
internal readonly record struct CaptureOp(
    CaptureSide Side,
    CaptureKind Kind,
    byte Argument,
    byte Element = 0,
    LengthSource Length = LengthSource.None,
    byte LengthArgument = 0,
    ushort ElementSize = 0,
    uint MaxCount = 0,
    uint Cap = 0,
    uint Offset = 0)
{
    /// <summary>A cap or count that is the -s value.</summary>
    public const uint Snaplen = uint.MaxValue;

    /// <summary>What the kernel reads of a path: PATH_MAX with its NUL.</summary>
    public const uint PathMax = 4096;

    /// <summary>execve's argv: the strings read at most (strace prints -s of them, then <c>...</c>), and the bytes of each (or -s when fewer).</summary>
    public const uint ArgvMax = 32;

    public const ushort ArgvStringMax = 256;

    /// <summary>The bytes of a sockaddr read at most: sizeof(struct sockaddr_storage).</summary>
    public const uint SockaddrMax = 128;

    /// <summary>The pointers a StringArray counts at most (envp's <c>/* 43 vars */</c>).</summary>
    public const uint StringArrayCountMax = 1024;
}
