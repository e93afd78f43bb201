namespace Sysrec.Decoding;

/// <summary>
/// select's and pselect6's fd sets as strace prints them: <c>[3&lt;pipe:[1]&gt; 4&lt;pipe:[1]&gt;]</c> at
/// entry, each fd named; and the return, <c>2 (in [3], out [4], left {tv_sec=0, tv_nsec=996942})</c>,
/// the ready fds as numbers alone, as many as the call returned, or <c>0 (Timeout)</c>.
/// </summary>
internal static class SelectFormat
{
    public static void WriteFdSet(ref Utf8SpanWriter writer, scoped in CallContext context, int index, scoped ReadOnlySpan<byte> bits)
    {
        writer.Append((byte)'[');
        bool first = true;
        foreach (int fd in SetFds(context, index, bits))
        {
            if (!first)
                writer.Append((byte)' ');
            first = false;
            FdFormat.Write(ref writer, context, fd);
        }
        writer.Append((byte)']');
    }

    /// <summary>The fds an fd set argument holds, of the bits the call looks at.</summary>
    public static FdSetFds SetFds(scoped in CallContext context, int index, ReadOnlySpan<byte> bits) => new(bits, BitCount(context, index, bits));

    public static void WriteReturn(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        long ready = context.Call.Ret;
        writer.AppendDecimal(ready);
        if (ready == 0)
        {
            writer.Append(" (Timeout)"u8);
            return;
        }
        bool open = false;
        int set = 0;
        for (int index = 0; index < context.Printer.Arguments.Count && ready > 0; index++)
        {
            if (context.Printer.Arguments[index].Kind != ArgumentKind.FdSet)
                continue;
            ReadOnlySpan<byte> name = set++ switch { 0 => "in"u8, 1 => "out"u8, _ => "except"u8 };
            if (!context.Call.AtExit.TryGet(index, out Capture bits) || bits.Unreadable)
                continue;
            int bitCount = BitCount(context, index, bits.Data);
            bool listed = false;
            for (int fd = 0; fd < bitCount && ready > 0; fd++)
            {
                if (!IsSet(bits.Data, fd))
                    continue;
                if (!listed)
                {
                    writer.Append(open ? ", "u8 : " ("u8);
                    writer.Append(name);
                    writer.Append(" ["u8);
                }
                else
                {
                    writer.Append((byte)' ');
                }
                open = listed = true;
                writer.AppendDecimal((long)fd);
                ready--;
            }
            if (listed)
                writer.Append((byte)']');
        }
        open |= TimeFormat.TryWriteLeft(ref writer, context, open ? ", left "u8 : " (left "u8);
        if (open)
            writer.Append((byte)')');
    }

    // The bits the call looks at (its n, as the kernel takes it: an int, none when negative), of those captured.
    private static int BitCount(scoped in CallContext context, int index, scoped ReadOnlySpan<byte> bits) =>
        Math.Min(Math.Max((int)context.Register(context.Printer.Arguments[index].Length), 0), bits.Length * 8);

    private static bool IsSet(scoped ReadOnlySpan<byte> bits, int fd) => (bits[fd >> 3] & (1 << (fd & 7))) != 0;

    /// <summary>The set bits of an fd set, as fds, in order; a foreach over it allocates nothing.</summary>
    public ref struct FdSetFds(ReadOnlySpan<byte> bits, int bitCount)
    {
        private readonly ReadOnlySpan<byte> _bits = bits;
        private int _fd = -1;

        public readonly FdSetFds GetEnumerator() => this;

        public readonly int Current => _fd;

        public bool MoveNext()
        {
            while (++_fd < bitCount)
            {
                if (IsSet(_bits, _fd))
                    return true;
            }
            return false;
        }
    }
}
