namespace Sysrec.Decoding;

/// <summary>
/// stat, stat64, statx and statfs buffers as strace prints them without -v: the mode and the size (the
/// device for a device file), then <c>...</c>.
/// </summary>
internal static class StatFormat
{
    /// <summary>x86_64's struct stat; an i386 caller's is the kernel's compat_stat.</summary>
    public static void WriteStat(ref Utf8SpanWriter writer, scoped StructFields stat)
    {
        if (stat.WordSize == 8)
            WriteModeAndSize(ref writer, stat.UInt(24), stat.ULong64(40), stat.ULong64(48));
        else
            WriteModeAndSize(ref writer, stat.UShort(8), stat.UInt(16), stat.UInt(20));
    }

    public static void WriteStat64(ref Utf8SpanWriter writer, scoped StructFields stat) =>
        WriteModeAndSize(ref writer, stat.UInt(16), stat.ULong64(32), stat.ULong64(44));

    public static void WriteStatx(ref Utf8SpanWriter writer, scoped StructFields statx)
    {
        uint mask = statx.UInt(0);
        writer.Append("{stx_mask="u8);
        ConstantSets.StatxMask.Write(ref writer, mask);
        writer.Append(", stx_attributes="u8);
        writer.AppendHex(statx.ULong64(8));
        if ((mask & (KernelConstants.STATX_TYPE | KernelConstants.STATX_MODE)) != 0)
        {
            writer.Append(", stx_mode="u8);
            FileModeFormat.WriteSymbolic(ref writer, statx.UShort(28));
        }
        if ((mask & KernelConstants.STATX_SIZE) != 0)
        {
            writer.Append(", stx_size="u8);
            writer.AppendDecimal(statx.ULong64(40));
        }
        writer.Append(", ...}"u8);
    }

    /// <summary>struct statfs (x86_64) or statfs64 (i386), every field, as strace prints it; the type and flags by their names.</summary>
    public static void WriteStatfs(ref Utf8SpanWriter writer, scoped StructFields statfs, string syscall)
    {
        // statfs64's fields are 64-bit from f_blocks on; an i386 statfs's are all words.
        bool wide = statfs.WordSize == 8;
        bool large = !wide && syscall.EndsWith("64", StringComparison.Ordinal);
        int word = wide ? 8 : 4;
        int count = wide || large ? 8 : 4;
        int offset = 0;
        writer.Append("{f_type="u8);
        ConstantSets.FilesystemMagics.Write(ref writer, Field(statfs, ref offset, word));
        writer.Append(", f_bsize="u8);
        writer.AppendDecimal(Field(statfs, ref offset, word));
        WriteField(ref writer, ", f_blocks="u8, Field(statfs, ref offset, count));
        WriteField(ref writer, ", f_bfree="u8, Field(statfs, ref offset, count));
        WriteField(ref writer, ", f_bavail="u8, Field(statfs, ref offset, count));
        WriteField(ref writer, ", f_files="u8, Field(statfs, ref offset, count));
        WriteField(ref writer, ", f_ffree="u8, Field(statfs, ref offset, count));
        writer.Append(", f_fsid={val=["u8);
        writer.AppendHex(statfs.UInt(offset));
        writer.Append(", "u8);
        writer.AppendHex(statfs.UInt(offset + 4));
        offset += 8;
        writer.Append("]}, f_namelen="u8);
        writer.AppendDecimal(Field(statfs, ref offset, word));
        writer.Append(", f_frsize="u8);
        writer.AppendDecimal(Field(statfs, ref offset, word));
        writer.Append(", f_flags="u8);
        ConstantSets.StatfsFlags.Write(ref writer, Field(statfs, ref offset, word));
        writer.Append((byte)'}');
    }

    private static void WriteModeAndSize(ref Utf8SpanWriter writer, uint mode, ulong rdev, ulong size)
    {
        writer.Append("{st_mode="u8);
        FileModeFormat.WriteSymbolic(ref writer, mode);
        uint type = mode & (uint)KernelConstants.S_IFMT;
        if (type is (uint)KernelConstants.S_IFCHR or (uint)KernelConstants.S_IFBLK)
        {
            writer.Append(", st_rdev=makedev("u8);
            writer.AppendHex(Major(rdev));
            writer.Append(", "u8);
            writer.AppendHex(Minor(rdev));
            writer.Append((byte)')');
        }
        else
        {
            writer.Append(", st_size="u8);
            writer.AppendDecimal(size);
        }
        writer.Append(", ...}"u8);
    }

    /// <summary>glibc's major() of a stat's dev_t.</summary>
    public static ulong Major(ulong dev) => ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL);

    /// <summary>glibc's minor() of a stat's dev_t.</summary>
    public static ulong Minor(ulong dev) => (dev & 0xff) | ((dev >> 12) & ~0xffUL);

    private static ulong Field(scoped StructFields fields, ref int offset, int size)
    {
        ulong value = size == 8 ? fields.ULong64(offset) : fields.UInt(offset);
        offset += size;
        return value;
    }

    private static void WriteField(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> name, ulong value)
    {
        writer.Append(name);
        writer.AppendDecimal(value);
    }
}
