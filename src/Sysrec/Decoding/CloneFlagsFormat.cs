namespace Sysrec.Decoding;

/// <summary>
/// clone's flags as strace prints them: the CLONE_* names, then the signal the child sends its parent at
/// exit, which is the low byte (CSIGNAL): <c>CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD</c>; a signal
/// alone when no flag is set, <c>0</c> when neither is.
/// </summary>
internal static class CloneFlagsFormat
{
    public static void Write(ref Utf8SpanWriter writer, ulong value)
    {
        int exitSignal = (int)(value & KernelConstants.CSIGNAL);
        ulong flags = value & ~KernelConstants.CSIGNAL;
        if (flags == 0)
        {
            Signals.Write(ref writer, exitSignal);
            return;
        }
        ConstantSets.CloneFlags.Write(ref writer, flags);
        if (exitSignal != 0)
        {
            writer.Append((byte)'|');
            Signals.Write(ref writer, exitSignal);
        }
    }
}
