namespace Sysrec.Decoding;

/// <summary>
/// ioctl's request as strace prints it: the name of a request the headers define (the terminal, FIO*
/// and socket requests: <c>TCGETS</c>, <c>FIONREAD</c>, <c>SIOCGIFCONF</c>), else its fields decoded as
/// the _IOC macro takes them: <c>_IOC(_IOC_READ, 0x54, 0x99, 0x8)</c>.
/// </summary>
internal static class IoctlRequestFormat
{
    public static void Write(ref Utf8SpanWriter writer, uint request)
    {
        ReadOnlySpan<byte> name = ConstantSets.Ioctls.NameOf(request);
        if (!name.IsEmpty)
        {
            writer.Append(name);
            return;
        }
        writer.Append("_IOC("u8);
        ConstantSets.IoctlDirections.Write(ref writer, Field(request, KernelConstants._IOC_DIRSHIFT, KernelConstants._IOC_DIRBITS));
        writer.Append(", "u8);
        writer.AppendHex(Field(request, KernelConstants._IOC_TYPESHIFT, KernelConstants._IOC_TYPEBITS));
        writer.Append(", "u8);
        writer.AppendHex(Field(request, KernelConstants._IOC_NRSHIFT, KernelConstants._IOC_NRBITS));
        writer.Append(", "u8);
        writer.AppendHex(Field(request, KernelConstants._IOC_SIZESHIFT, KernelConstants._IOC_SIZEBITS));
        writer.Append((byte)')');
    }

    private static ulong Field(uint request, ulong shift, ulong bits) => (request >> (int)shift) & ((1UL << (int)bits) - 1);
}
