namespace Sysrec.Decoding;

/// <summary>
/// socket/socketpair's type as strace prints it: the type of the low bits (SOCK_TYPE_MASK, the kernel's)
/// and then its flags, <c>SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK</c>; a type no SOCK_* names leaves the
/// whole value to the flags' rules (<c>SOCK_CLOEXEC|0xe</c>, <c>0xe /* SOCK_??? */</c>).
/// </summary>
internal static class SocketTypeFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong type)
    {
        ReadOnlySpan<byte> name = ConstantSets.SocketTypes.NameOf(type & KernelConstants.SOCK_TYPE_MASK);
        if (!name.IsEmpty)
        {
            writer.Append(name);
            type &= ~KernelConstants.SOCK_TYPE_MASK;
            if (type == 0)
                return;
            writer.Append((byte)'|');
        }
        ConstantSets.SocketTypeFlags.Write(ref writer, type);
    }
}
