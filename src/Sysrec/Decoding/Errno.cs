namespace Sysrec.Decoding;

/// <summary>
/// errno names and messages, as strace prints a failed call's return: <c>-1 ENOENT (No such file or
/// directory)</c>. Names come from the kernel's headers (the UAPI ones, and the kernel's own
/// linux/errno.h for the codes only a tracer sees, ERESTARTSYS and the like), messages from the C
/// library's strerror, both at build time (ConstantSets.Errno, ConstantSets.ErrnoMessages).
/// </summary>
internal static class Errno
{
    /// <summary>The name of an errno value (2 is ENOENT); empty when the kernel's headers have none.</summary>
    public static ReadOnlySpan<byte> Name(int errno) => ConstantSets.Errno.NameOf((ulong)(long)errno);

    /// <summary>strerror's text for an errno value the headers name; empty for others.</summary>
    public static ReadOnlySpan<byte> Message(int errno) => ConstantSets.ErrnoMessages.NameOf((ulong)(long)errno);

    /// <summary>
    /// What strace prints after <c>= </c> for a call that failed with <paramref name="errno"/>:
    /// <c>-1 ENOENT (No such file or directory)</c>; <c>? ERESTARTSYS (To be restarted if SA_RESTART is
    /// set)</c> for the four codes with which the kernel restarts a call a signal interrupted; <c>-1 (errno
    /// 600)</c> for a code the headers do not name.
    /// </summary>
    public static void WriteFailure(ref Utf8SpanWriter writer, int errno)
    {
        ReadOnlySpan<byte> restart = RestartText(errno);
        ReadOnlySpan<byte> name = Name(errno);
        writer.Append(restart.IsEmpty ? "-1 "u8 : "? "u8);
        if (name.IsEmpty)
        {
            writer.Append("(errno "u8);
            writer.AppendDecimal((long)errno);
            writer.Append((byte)')');
            return;
        }
        writer.Append(name);
        writer.Append(" ("u8);
        writer.Append(restart.IsEmpty ? Message(errno) : restart);
        writer.Append((byte)')');
    }

    // strace's own words for these (its syscall.c), not strerror's "Unknown error 512": the call is not
    // failing but being restarted, and how depends on the signal's handler.
    private static ReadOnlySpan<byte> RestartText(int errno) => errno switch
    {
        ERESTARTSYS => "To be restarted if SA_RESTART is set"u8,
        ERESTARTNOINTR => "To be restarted"u8,
        ERESTARTNOHAND => "To be restarted if no handler"u8,
        ERESTART_RESTARTBLOCK => "Interrupted by signal"u8,
        _ => default,
    };

    private const int ERESTARTSYS = (int)KernelConstants.ERESTARTSYS;
    private const int ERESTARTNOINTR = (int)KernelConstants.ERESTARTNOINTR;
    private const int ERESTARTNOHAND = (int)KernelConstants.ERESTARTNOHAND;
    private const int ERESTART_RESTARTBLOCK = (int)KernelConstants.ERESTART_RESTARTBLOCK;
}
