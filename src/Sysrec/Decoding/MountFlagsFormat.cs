namespace Sysrec.Decoding;

/// <summary>
/// mount's flags as strace prints them: the old magic number in the high half named apart
/// (<c>MS_MGC_VAL|MS_RDONLY</c>), then the MS_* flags.
/// </summary>
internal static class MountFlagsFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong flags)
    {
        if ((flags & KernelConstants.MS_MGC_MSK) == KernelConstants.MS_MGC_VAL)
        {
            flags &= ~KernelConstants.MS_MGC_MSK;
            writer.Append("MS_MGC_VAL"u8);
            if (flags == 0)
                return;
            writer.Append((byte)'|');
        }
        ConstantSets.MountFlags.Write(ref writer, flags);
    }
}
