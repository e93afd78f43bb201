using System.Numerics;

namespace Sysrec.Decoding;

/// <summary>Signal sets and sigactions as strace prints them: <c>[INT TERM]</c>, <c>~[RTMIN RT_1]</c>, <c>{sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7f...}</c>.</summary>
internal static class SignalFormat
{
    private const int MaskBytes = 8;

    /// <summary>
    /// strace's sprintsigmask_n: the signals of the set, without SIG, in brackets; when two thirds or
    /// more of the bits are set, those not set after a <c>~</c>.
    /// </summary>
    public static void WriteMask(ref Utf8SpanWriter writer, ulong mask, int bytes)
    {
        int bits = 8 * ((Math.Min(bytes, MaskBytes) + 3) / 4 * 4);
        ulong used = bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;
        mask &= used;
        if (BitOperations.PopCount(mask) >= bits * 2 / 3)
        {
            writer.Append((byte)'~');
            mask = ~mask & used;
        }
        writer.Append((byte)'[');
        bool first = true;
        while (mask != 0)
        {
            int signal = BitOperations.TrailingZeroCount(mask) + 1;
            mask &= mask - 1;
            if (!first)
                writer.Append((byte)' ');
            first = false;
            ReadOnlySpan<byte> name = Signals.Name(signal);
            if (name.Length > 3)
                writer.Append(name[3..]);
            else
                writer.AppendDecimal((long)signal);
        }
        writer.Append((byte)']');
    }

    /// <summary>A sigset argument: its mask when its size is one strace accepts (a word up to 8 bytes), else its address.</summary>
    public static void WriteSigset(ref Utf8SpanWriter writer, scoped in CallContext context, int index, scoped ReadOnlySpan<byte> data)
    {
        int lengthIndex = context.Printer.Arguments[index].Length;
        long length = lengthIndex >= 0 ? context.Value(lengthIndex) : context.WordSize;
        if (length < context.WordSize || length > MaskBytes || data.Length < length)
        {
            ArgumentRenderer.WritePointer(ref writer, context.Register(index));
            return;
        }
        var fields = new StructFields(data, context.WordSize);
        WriteMask(ref writer, length == 8 ? fields.ULong64(0) : fields.UInt(0), (int)length);
    }

    /// <summary>
    /// pselect6's last argument, a pointer and a length (<see cref="ArgumentKind.SigsetAndSize"/>):
    /// <c>{sigmask=[USR2], sigsetsize=8}</c>; its address when it could not be read.
    /// </summary>
    public static void WriteSigsetAndSize(ref Utf8SpanWriter writer, scoped in CallContext context, int index, scoped ReadOnlySpan<byte> payload)
    {
        if (!IovecFormat.TryReadFirst(payload, out ulong address, out ulong length, out CaptureFlags flags, out ReadOnlySpan<byte> mask))
        {
            ArgumentRenderer.WritePointer(ref writer, context.Register(index));
            return;
        }
        writer.Append("{sigmask="u8);
        if (address == 0 || (flags & CaptureFlags.Unreadable) != 0 || length < (ulong)context.WordSize || length > MaskBytes || (ulong)mask.Length < length)
            ArgumentRenderer.WritePointer(ref writer, address);
        else
            WriteMask(ref writer, length == 8 ? new StructFields(mask, 8).ULong64(0) : new StructFields(mask, 4).UInt(0), (int)length);
        writer.Append(", sigsetsize="u8);
        writer.AppendDecimal(length);
        writer.Append((byte)'}');
    }

    /// <summary>rt_sigreturn's text: <c>{mask=[]}</c>, the mask the call restores; nothing when the frame could not be read.</summary>
    public static void WriteSigreturn(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        if (!context.Call.AtEntry.TryGet(CaptureSet.StackPointer, out Capture mask) || mask.Unreadable || mask.Data.Length < MaskBytes)
            return;
        writer.Append("{mask="u8);
        WriteMask(ref writer, new StructFields(mask.Data, 8).ULong64(0), MaskBytes);
        writer.Append((byte)'}');
    }

    /// <summary>The kernel's struct sigaction: handler, flags, restorer in words, then the 64-bit mask.</summary>
    public static void WriteSigaction(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        int word = fields.WordSize;
        Write(ref writer, fields.ULong(0), fields.ULong64(3 * word), MaskBytes, fields.ULong(word), fields.ULong(2 * word), word);
    }

    /// <summary>sigaltstack's stack_t: ss_sp, ss_flags (an int in a word), ss_size.</summary>
    public static void WriteStack(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        int word = fields.WordSize;
        writer.Append("{ss_sp="u8);
        ArgumentRenderer.WritePointer(ref writer, fields.ULong(0));
        writer.Append(", ss_flags="u8);
        ConstantSets.SigaltstackFlags.Write(ref writer, fields.UInt(word));
        writer.Append(", ss_size="u8);
        writer.AppendDecimal(fields.ULong(2 * word));
        writer.Append((byte)'}');
    }

    /// <summary>i386's struct old_sigaction: handler, the one-word mask, flags, restorer.</summary>
    public static void WriteOldSigaction(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        int word = fields.WordSize;
        Write(ref writer, fields.ULong(0), fields.ULong(word), word, fields.ULong(2 * word), fields.ULong(3 * word), word);
    }

    private static void Write(ref Utf8SpanWriter writer, ulong handler, ulong mask, int maskBytes, ulong flags, ulong restorer, int word)
    {
        writer.Append("{sa_handler="u8);
        if (handler == 0)
            writer.Append("SIG_DFL"u8);
        else if (handler == 1)
            writer.Append("SIG_IGN"u8);
        else if (handler == (word == 8 ? ulong.MaxValue : uint.MaxValue))
            writer.Append("SIG_ERR"u8);
        else
            writer.AppendHex(handler);
        writer.Append(", sa_mask="u8);
        WriteMask(ref writer, mask, maskBytes);
        writer.Append(", sa_flags="u8);
        ConstantSets.SigactionFlags.Write(ref writer, flags);
        if ((flags & KernelConstants.SA_RESTORER) != 0)
        {
            writer.Append(", sa_restorer="u8);
            ArgumentRenderer.WritePointer(ref writer, restorer);
        }
        writer.Append((byte)'}');
    }
}
