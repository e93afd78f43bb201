namespace Sysrec.Decoding;

/// <summary>
/// futex's op as strace prints it: one name for the command and its FUTEX_PRIVATE_FLAG
/// (<c>FUTEX_WAIT_PRIVATE</c>, <c>FUTEX_FD|FUTEX_PRIVATE_FLAG</c> where the header has no _PRIVATE name),
/// then <c>|FUTEX_CLOCK_REALTIME</c> for the waits that take it; anything else in hex with
/// <c>/* FUTEX_??? */</c>. strace 6.1 names the clock only with FUTEX_WAIT, FUTEX_WAIT_BITSET and
/// FUTEX_WAIT_REQUEUE_PI (the kernel also takes it with FUTEX_LOCK_PI2, which strace shows in hex).
/// </summary>
internal static class FutexOperationFormat
{
    public static void Write(ref Utf8SpanWriter writer, int operation)
    {
        const int Private = (int)KernelConstants.FUTEX_PRIVATE_FLAG;
        const int ClockRealtime = (int)KernelConstants.FUTEX_CLOCK_REALTIME;
        ConstantSet names = ConstantSets.FutexOperations;
        int command = operation & ~(Private | ClockRealtime);
        bool clock = (operation & ClockRealtime) != 0;
        ReadOnlySpan<byte> name = names.NameOf((ulong)(long)(operation & ~ClockRealtime));
        bool privateSpelledOut = false;
        if (name.IsEmpty && (operation & Private) != 0)
        {
            name = names.NameOf((ulong)(long)command);
            privateSpelledOut = true;
        }
        if (name.IsEmpty || (clock && !TakesClock(command)))
        {
            writer.AppendHex((ulong)(long)operation);
            writer.Append(" /* "u8);
            writer.Append(names.Unknown);
            writer.Append(" */"u8);
            return;
        }
        writer.Append(name);
        if (privateSpelledOut)
            writer.Append("|FUTEX_PRIVATE_FLAG"u8);
        if (clock)
            writer.Append("|FUTEX_CLOCK_REALTIME"u8);
    }

    private static bool TakesClock(int command) =>
        command is (int)KernelConstants.FUTEX_WAIT or (int)KernelConstants.FUTEX_WAIT_BITSET or (int)KernelConstants.FUTEX_WAIT_REQUEUE_PI;
}
