namespace Sysrec.Decoding;

/// <summary>
/// memfd_create's flags as strace prints them: <c>0</c>, the MFD_* names, then a huge page size as its
/// log2 shifted into place (<c>MFD_CLOEXEC|MFD_HUGETLB|21&lt;&lt;MFD_HUGE_SHIFT</c>).
/// </summary>
internal static class MemfdFlagsFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong flags)
    {
        if (flags == 0)
        {
            writer.Append((byte)'0');
            return;
        }
        ulong hugePageField = flags & (KernelConstants.MFD_HUGE_MASK << (int)KernelConstants.MFD_HUGE_SHIFT);
        flags &= ~hugePageField;
        if (flags != 0 || hugePageField == 0)
            ConstantSets.MemfdFlags.Write(ref writer, flags);
        if (hugePageField != 0)
        {
            if (flags != 0)
                writer.Append((byte)'|');
            MmapFlagsFormat.WriteHugePageSize(ref writer, hugePageField >> (int)KernelConstants.MFD_HUGE_SHIFT, "MFD_HUGE_SHIFT"u8);
        }
    }
}
