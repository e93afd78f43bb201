namespace Sysrec.Decoding;

/// <summary>
/// open/openat/fcntl(F_GETFL) flags as strace prints them: the access mode of the low two bits first,
/// always named (<c>O_RDONLY</c> is 0), then the other flags: <c>O_RDONLY|O_CLOEXEC|0x40000000</c>.
/// O_LARGEFILE is named on x86_64 too, where glibc defines it as 0 but the kernel's bit is set by 32-bit
/// callers.
/// </summary>
internal static class OpenFlagsFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong flags)
    {
        const ulong AccessMode = 3;
        writer.Append(ConstantSets.OpenAccessModes.NameOf(flags & AccessMode));
        flags &= ~AccessMode;
        if (flags != 0 && !ConstantSets.OpenFlags.WriteFlagNames(ref writer, flags, separatorFirst: true))
        {
            writer.Append((byte)'|');
            writer.AppendHex(flags);
        }
    }
}
