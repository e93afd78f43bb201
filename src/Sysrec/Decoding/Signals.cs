namespace Sysrec.Decoding;

/// <summary>
/// Signal names by number as strace prints them: SIGHUP..SIGSYS and SIGRTMIN from the kernel's
/// asm/signal.h (ConstantSets.Signals), then <c>SIGRT_1</c> .. <c>SIGRT_32</c> for the real-time signals
/// above SIGRTMIN (strace counts them from the kernel's SIGRTMIN, 32, not the C library's, 34).
/// </summary>
internal static class Signals
{
    private const int RealTimeFirst = (int)KernelConstants.SIGRTMIN;
    private const int RealTimeLast = (int)KernelConstants.__SIGRTMAX;

    private static readonly byte[][] s_realTimeNames = RealTimeNames();

    /// <summary>The signal's name; empty for 0, negative numbers and numbers above SIGRTMAX.</summary>
    public static ReadOnlySpan<byte> Name(int signal)
    {
        ReadOnlySpan<byte> name = signal > 0 ? ConstantSets.Signals.NameOf((ulong)signal) : default;
        if (name.IsEmpty && signal > RealTimeFirst && signal <= RealTimeLast)
            return s_realTimeNames[signal - RealTimeFirst - 1];
        return name;
    }

    /// <summary>strace's printsignal: the name, or the number in decimal when it has none.</summary>
    public static void Write(ref Utf8SpanWriter writer, int signal)
    {
        ReadOnlySpan<byte> name = Name(signal);
        if (name.IsEmpty)
            writer.AppendDecimal((long)signal);
        else
            writer.Append(name);
    }

    private static byte[][] RealTimeNames()
    {
        var names = new byte[RealTimeLast - RealTimeFirst][];
        for (int i = 0; i < names.Length; i++)
            names[i] = System.Text.Encoding.ASCII.GetBytes($"SIGRT_{i + 1}");
        return names;
    }
}
