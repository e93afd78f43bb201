namespace Sysrec.Decoding;

/// <summary>
/// statx's flags as strace prints them: the sync type of AT_STATX_SYNC_TYPE first, always named
/// (<c>AT_STATX_SYNC_AS_STAT</c> is 0), then the other AT_* flags: <c>AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH</c>.
/// </summary>
internal static class StatxFlagsFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong flags)
    {
        ulong syncType = flags & KernelConstants.AT_STATX_SYNC_TYPE;
        ConstantSets.AtStatxSyncTypes.WriteFlags(ref writer, syncType, unknown: default);
        flags &= ~KernelConstants.AT_STATX_SYNC_TYPE;
        if (flags != 0)
        {
            writer.Append((byte)'|');
            ConstantSets.AtFlags.WriteFlags(ref writer, flags, unknown: default);
        }
    }
}
