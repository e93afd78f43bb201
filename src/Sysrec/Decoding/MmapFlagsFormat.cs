namespace Sysrec.Decoding;

/// <summary>
/// mmap's flags as strace prints them: the mapping type of MAP_TYPE first (<c>MAP_PRIVATE</c>, or
/// <c>0 /* MAP_??? */</c>), then the other flags, then a huge page size as its log2 shifted into place
/// (<c>MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21&lt;&lt;MAP_HUGE_SHIFT</c>).
/// </summary>
internal static class MmapFlagsFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong flags)
    {
        ConstantSet names = ConstantSets.MmapFlags;
        names.WriteEnumeration(ref writer, flags & KernelConstants.MAP_TYPE, names.Unknown);
        flags &= ~KernelConstants.MAP_TYPE;
        ulong hugePageField = flags & (KernelConstants.MAP_HUGE_MASK << (int)KernelConstants.MAP_HUGE_SHIFT);
        flags &= ~hugePageField;
        if (flags != 0)
        {
            writer.Append((byte)'|');
            names.WriteFlags(ref writer, flags, unknown: default);
        }
        if (hugePageField != 0)
        {
            writer.Append((byte)'|');
            WriteHugePageSize(ref writer, hugePageField >> (int)KernelConstants.MAP_HUGE_SHIFT, "MAP_HUGE_SHIFT"u8);
        }
    }

    /// <summary>A huge page size field as strace prints it, its log2 and the shift: <c>21&lt;&lt;MAP_HUGE_SHIFT</c>.</summary>
    public static void WriteHugePageSize(ref Utf8SpanWriter writer, ulong log2, ReadOnlySpan<byte> shiftName)
    {
        writer.AppendDecimal(log2);
        writer.Append("<<"u8);
        writer.Append(shiftName);
    }
}
