namespace Sysrec.Decoding;

/// <summary>
/// One argument's text as strace prints it, by its <see cref="ArgumentKind"/>. An argument whose
/// capture is missing or unreadable prints as its address, as strace prints a pointer it cannot read;
/// one printed at exit prints as its address when the call failed.
/// </summary>
internal static class ArgumentRenderer
{
    public static void Write(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        ArgumentPrinter printer = context.Printer.Arguments[index];
        ulong register = context.Register(index);
        long value = printer.Value(register);
        switch (printer.Kind)
        {
            case ArgumentKind.Number:
                WriteNumber(ref writer, value, printer.Signed);
                break;
            case ArgumentKind.Offset64:
                writer.AppendDecimal((long)((uint)register | (ulong)(uint)context.Register(printer.HighHalf) << 32));
                break;
            case ArgumentKind.Hex:
                writer.AppendHex(printer.Width == 4 ? (uint)value : (ulong)value);
                break;
            case ArgumentKind.Pointer or ArgumentKind.SocketcallArgs:
                WritePointer(ref writer, register);
                break;
            case ArgumentKind.Mode or ArgumentKind.OpenMode:
                FileModeFormat.WriteNumeric(ref writer, (ulong)value);
                break;
            case ArgumentKind.ModeWithType:
                FileModeFormat.WriteSymbolic(ref writer, (ulong)value);
                break;
            case ArgumentKind.Fd or ArgumentKind.SocketFd:
                FdFormat.Write(ref writer, context, (int)register);
                break;
            case ArgumentKind.Dirfd:
                FdFormat.WriteDirfd(ref writer, context, (int)register);
                break;
            case ArgumentKind.Signal:
                Signals.Write(ref writer, (int)register);
                break;
            case ArgumentKind.Constants:
                printer.Format!(ref writer, printer.Width == 4 && !printer.Signed ? (uint)value : (ulong)value);
                break;
            case ArgumentKind.Id:
                WriteId(ref writer, value, printer.Width);
                break;
            case ArgumentKind.SocketProtocol:
                SocketFormat.WriteProtocol(ref writer, (int)context.Register(0), (int)register);
                break;
            case ArgumentKind.SocketOption:
                SocketFormat.WriteOption(ref writer, (int)context.Register(1), (int)register);
                break;
            case ArgumentKind.Path or ArgumentKind.String:
                WriteString(ref writer, context, index, printer.Kind == ArgumentKind.Path ? (int)CaptureOp.PathMax - 1 : context.Snaplen);
                break;
            case ArgumentKind.BufferIn:
                WriteBufferIn(ref writer, context, index, printer.Length);
                break;
            case ArgumentKind.BufferOut or ArgumentKind.BufferOutHex:
                WriteBufferOut(ref writer, context, index, printer.Kind == ArgumentKind.BufferOutHex ? QuoteStyle.Hex : QuoteStyle.Default);
                break;
            case ArgumentKind.PathOut:
                if (TryExit(context, index, out Capture path))
                    StraceText.WriteString(ref writer, path.Data, path.Truncated, (int)CaptureOp.PathMax - 1);
                else
                    WritePointer(ref writer, register);
                break;
            default:
                StructRenderer.Write(ref writer, context, index, printer.Kind);
                break;
        }
    }

    /// <summary>Whether strace prints the argument at all: not an omitted one, nor open's mode when the flags create nothing.</summary>
    public static bool IsPrinted(scoped in CallContext context, int index) => context.Printer.Arguments[index].Kind switch
    {
        ArgumentKind.Omitted => false,
        ArgumentKind.OpenMode => CreatesFile(context.Register(index - 1)),
        _ => true,
    };

    public static void WriteNumber(ref Utf8SpanWriter writer, long value, bool signed)
    {
        if (signed)
            writer.AppendDecimal(value);
        else
            writer.AppendDecimal((ulong)value);
    }

    /// <summary>printaddr: <c>NULL</c>, or the address in hex.</summary>
    public static void WritePointer(ref Utf8SpanWriter writer, ulong address)
    {
        if (address == 0)
            writer.Append("NULL"u8);
        else
            writer.AppendHex(address);
    }

    /// <summary>The capture of an argument printed at entry; false (print the address) when there is none or it could not be read.</summary>
    public static bool TryEntry(scoped in CallContext context, int index, out Capture capture) =>
        context.Call.AtEntry.TryGet(index, out capture) && !capture.Unreadable;

    /// <summary>The capture of an argument printed at exit; false (print the address) when the call failed or there is none.</summary>
    public static bool TryExit(scoped in CallContext context, int index, out Capture capture)
    {
        capture = default;
        return context.Succeeded && context.Call.AtExit.TryGet(index, out capture) && !capture.Unreadable;
    }

    private static void WriteId(ref Utf8SpanWriter writer, long value, int width)
    {
        ulong allOnes = width >= 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
        if (((ulong)value & allOnes) == allOnes)
            writer.Append("-1"u8);
        else
            writer.AppendDecimal((ulong)value & allOnes);
    }

    private static void WriteString(ref Utf8SpanWriter writer, scoped in CallContext context, int index, int limit)
    {
        ulong address = context.Register(index);
        if (address == 0)
            writer.Append("NULL"u8);
        else if (TryEntry(context, index, out Capture text))
            StraceText.WriteString(ref writer, text.Data, text.Truncated, limit);
        else
            writer.AppendHex(address);
    }

    private static void WriteBufferIn(ref Utf8SpanWriter writer, scoped in CallContext context, int index, int lengthIndex)
    {
        ulong address = context.Register(index);
        if (address == 0)
            writer.Append("NULL"u8);
        else if (TryEntry(context, index, out Capture buffer))
            StraceText.WriteBuffer(ref writer, buffer.Data, lengthIndex >= 0 ? (ulong)context.Value(lengthIndex) : buffer.FullLength, context.Snaplen);
        else
            writer.AppendHex(address);
    }

    private static void WriteBufferOut(ref Utf8SpanWriter writer, scoped in CallContext context, int index, QuoteStyle style)
    {
        ulong address = context.Register(index);
        if (address == 0)
            writer.Append("NULL"u8);
        else if (context.Succeeded && context.Call.Ret == 0)
            writer.Append("\"\""u8);
        else if (TryExit(context, index, out Capture buffer))
            StraceText.WriteBuffer(ref writer, buffer.Data, (ulong)context.Call.Ret, context.Snaplen, style);
        else
            writer.AppendHex(address);
    }

    // O_CREAT, or all the bits of __O_TMPFILE: the flags with which open takes a mode.
    private static bool CreatesFile(ulong flags) =>
        (flags & KernelConstants.O_CREAT) != 0 || (flags & KernelConstants.__O_TMPFILE) == KernelConstants.__O_TMPFILE;
}
