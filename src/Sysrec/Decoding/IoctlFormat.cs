namespace Sysrec.Decoding;

/// <summary>
/// ioctl's third argument as strace prints it for the terminal and FIO* requests (term_ioctl): ints in
/// brackets, read at entry for the requests that set and at exit for those that get, the window size,
/// nothing for the requests that take none, and the value in hex for any other request. A termios is
/// shown as its address (strace spells out its flags).
/// </summary>
internal static class IoctlFormat
{
    private const int Request = 1, Argument = 2;

    public static void WriteArguments(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        FdFormat.Write(ref writer, context, (int)context.Register(0));
        writer.Append(", "u8);
        ArgumentRenderer.Write(ref writer, context, Request);
        ulong argument = context.Register(Argument);
        switch ((uint)context.Register(Request))
        {
            case (uint)KernelConstants.TIOCSBRK or (uint)KernelConstants.TIOCCBRK or (uint)KernelConstants.TIOCCONS
                or (uint)KernelConstants.TIOCNOTTY or (uint)KernelConstants.TIOCEXCL or (uint)KernelConstants.TIOCNXCL
                or (uint)KernelConstants.FIOCLEX or (uint)KernelConstants.FIONCLEX or (uint)KernelConstants.TIOCVHANGUP:
                return;
            case (uint)KernelConstants.TIOCSPGRP or (uint)KernelConstants.TIOCSETD or (uint)KernelConstants.FIONBIO
                or (uint)KernelConstants.FIOASYNC or (uint)KernelConstants.TIOCPKT or (uint)KernelConstants.TIOCSSOFTCAR
                or (uint)KernelConstants.TIOCSPTLCK:
                writer.Append(", "u8);
                WriteInt(ref writer, argument, ArgumentRenderer.TryEntry(context, Argument, out Capture set), set);
                return;
            case (uint)KernelConstants.TIOCGPGRP or (uint)KernelConstants.TIOCGSID or (uint)KernelConstants.TIOCGETD
                or (uint)KernelConstants.TIOCGSOFTCAR or (uint)KernelConstants.TIOCGPTN or (uint)KernelConstants.FIONREAD
                or (uint)KernelConstants.TIOCOUTQ or (uint)KernelConstants.TIOCGEXCL or (uint)KernelConstants.TIOCGDEV:
                writer.Append(", "u8);
                WriteInt(ref writer, argument, ArgumentRenderer.TryExit(context, Argument, out Capture got), got);
                return;
            case (uint)KernelConstants.TIOCSWINSZ:
                writer.Append(", "u8);
                WriteWinsize(ref writer, argument, ArgumentRenderer.TryEntry(context, Argument, out Capture size), size);
                return;
            case (uint)KernelConstants.TIOCGWINSZ:
                writer.Append(", "u8);
                WriteWinsize(ref writer, argument, ArgumentRenderer.TryExit(context, Argument, out Capture window), window);
                return;
            case (uint)KernelConstants.TCSBRK or (uint)KernelConstants.TCSBRKP or (uint)KernelConstants.TIOCSCTTY:
                writer.Append(", "u8);
                writer.AppendDecimal((long)(int)argument);
                return;
            case (uint)KernelConstants.TCGETS or (uint)KernelConstants.TCSETS or (uint)KernelConstants.TCSETSW or (uint)KernelConstants.TCSETSF:
                writer.Append(", "u8);
                ArgumentRenderer.WritePointer(ref writer, argument);
                return;
            default:
                writer.Append(", "u8);
                writer.AppendHex(argument);
                return;
        }
    }

    private static void WriteInt(ref Utf8SpanWriter writer, ulong address, bool captured, scoped Capture value)
    {
        if (!captured || value.Data.Length < 4)
        {
            ArgumentRenderer.WritePointer(ref writer, address);
            return;
        }
        writer.Append((byte)'[');
        writer.AppendDecimal((long)new StructFields(value.Data, 4).Int(0));
        writer.Append((byte)']');
    }

    private static void WriteWinsize(ref Utf8SpanWriter writer, ulong address, bool captured, scoped Capture value)
    {
        if (!captured || value.Data.Length < 8)
        {
            ArgumentRenderer.WritePointer(ref writer, address);
            return;
        }
        var size = new StructFields(value.Data, 4);
        writer.Append("{ws_row="u8);
        writer.AppendDecimal((ulong)size.UShort(0));
        writer.Append(", ws_col="u8);
        writer.AppendDecimal((ulong)size.UShort(2));
        writer.Append(", ws_xpixel="u8);
        writer.AppendDecimal((ulong)size.UShort(4));
        writer.Append(", ws_ypixel="u8);
        writer.AppendDecimal((ulong)size.UShort(6));
        writer.Append((byte)'}');
    }
}
