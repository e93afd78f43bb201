namespace Sysrec.Decoding;

/// <summary>
/// Calls whose arguments strace prints otherwise than one by one: how many and which depend on another
/// argument (futex's op, fcntl's command, ioctl's request), or they are named (clone). The arguments'
/// kinds still say what is captured; the call's format picks what to print.
/// </summary>
internal enum CallFormat : byte
{
    /// <summary>Every argument by its kind, in order.</summary>
    Arguments,
    Clone,
    /// <summary>clone3: its struct at entry, what the kernel wrote back and the size at exit.</summary>
    Clone3,
    Futex,
    Fcntl,
    Ioctl,
    /// <summary>rt_sigreturn: no argument, the mask it restores read from the signal frame: <c>{mask=[]}</c>.</summary>
    Sigreturn,
}
