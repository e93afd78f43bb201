namespace Sysrec.Decoding;

/// <summary>
/// File modes as strace prints them: in octal for the permission a call sets (open, chmod, mkdir:
/// <c>0644</c>, <c>000</c>), and with the file type and set-id bits named where the mode holds a type
/// (mknod, stat's st_mode: <c>S_IFREG|S_ISUID|0755</c>); a type no S_IF* names leaves it all in octal.
/// </summary>
internal static class FileModeFormat
{
    public static void WriteNumeric(ref Utf8SpanWriter writer, ulong mode) => writer.AppendOctalMode(mode);

    public static void WriteSymbolic(ref Utf8SpanWriter writer, ulong mode)
    {
        ulong type = mode & KernelConstants.S_IFMT;
        ReadOnlySpan<byte> typeName = ConstantSets.FileTypes.NameOf(type);
        if (type != 0 && typeName.IsEmpty)
        {
            writer.AppendOctalMode(mode);
            return;
        }
        if (type != 0)
        {
            writer.Append(typeName);
            writer.Append((byte)'|');
        }
        if ((mode & KernelConstants.S_ISUID) != 0)
            writer.Append("S_ISUID|"u8);
        if ((mode & KernelConstants.S_ISGID) != 0)
            writer.Append("S_ISGID|"u8);
        if ((mode & KernelConstants.S_ISVTX) != 0)
            writer.Append("S_ISVTX|"u8);
        writer.AppendOctalMode(mode & ~(KernelConstants.S_IFMT | KernelConstants.S_ISUID | KernelConstants.S_ISGID | KernelConstants.S_ISVTX));
    }
}
