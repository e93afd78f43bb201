namespace Sysrec.Decoding;

/// <summary>
/// poll's pollfd array and its revents in the return, and epoll's events, as strace prints them:
/// <c>[{fd=3&lt;pipe:[1]&gt;, events=POLLIN}]</c>, <c>= 1 ([{fd=3, revents=POLLIN}])</c>,
/// <c>{events=EPOLLIN, data={u32=7, u64=7}}</c>. Arrays stop after -s elements with <c>...</c>.
/// </summary>
internal static class PollFormat
{
    private const int PollfdSize = 8;
    private const int EpollEventSize = 12;

    public static void WritePollFds(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        ulong address = context.Register(index);
        uint count = (uint)context.Value(context.Printer.Arguments[index].Length);
        if (count == 0)
        {
            writer.Append("[]"u8);
            return;
        }
        if (!ArgumentRenderer.TryEntry(context, index, out Capture array) || array.Data.Length < PollfdSize)
        {
            ArgumentRenderer.WritePointer(ref writer, address);
            return;
        }
        var fields = new StructFields(array.Data, context.WordSize);
        int captured = array.Data.Length / PollfdSize;
        writer.Append((byte)'[');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                writer.Append(", "u8);
            if (i >= context.Snaplen || i >= captured)
            {
                writer.Append("..."u8);
                break;
            }
            int fd = fields.Int(i * PollfdSize);
            writer.Append("{fd="u8);
            FdFormat.Write(ref writer, context, fd);
            if (fd >= 0)
            {
                writer.Append(", events="u8);
                ConstantSets.PollEvents.Write(ref writer, fields.UShort(i * PollfdSize + 4));
            }
            writer.Append((byte)'}');
        }
        writer.Append((byte)']');
    }

    /// <summary>poll's return: the count, then <c>(Timeout)</c> or the fds with revents set (fds as numbers alone) and ppoll's time left.</summary>
    public static void WriteReturn(ref Utf8SpanWriter writer, scoped in CallContext context)
    {
        writer.AppendDecimal(context.Call.Ret);
        if (context.Call.Ret == 0)
        {
            writer.Append(" (Timeout)"u8);
            return;
        }
        bool open = false;
        if (context.Call.AtExit.TryGet(0, out Capture array) && !array.Unreadable)
            open = WriteRevents(ref writer, context, array.Data);
        if (open)
            writer.Append((byte)']');
        open |= TimeFormat.TryWriteLeft(ref writer, context, open ? ", left "u8 : " (left "u8);
        if (open)
            writer.Append((byte)')');
    }

    // " ([{fd=3, revents=POLLIN}" of the fds whose revents are set, without its "]"; false when none are.
    private static bool WriteRevents(ref Utf8SpanWriter writer, scoped in CallContext context, scoped ReadOnlySpan<byte> data)
    {
        var fields = new StructFields(data, context.WordSize);
        int printed = 0;
        bool open = false;
        for (int i = 0; i + PollfdSize <= data.Length; i += PollfdSize)
        {
            ushort revents = fields.UShort(i + 6);
            if (revents == 0)
                continue;
            writer.Append(open ? ", "u8 : " (["u8);
            open = true;
            if (printed >= context.Snaplen)
            {
                writer.Append("..."u8);
                break;
            }
            writer.Append("{fd="u8);
            writer.AppendDecimal((long)fields.Int(i));
            writer.Append(", revents="u8);
            ConstantSets.PollEvents.Write(ref writer, revents);
            writer.Append((byte)'}');
            printed++;
        }
        return open;
    }

    public static void WriteEpollEvent(ref Utf8SpanWriter writer, scoped StructFields fields, int offset)
    {
        writer.Append("{events="u8);
        ConstantSets.EpollEvents.Write(ref writer, fields.UInt(offset));
        ulong data = fields.ULong64(offset + 4);
        writer.Append(", data={u32="u8);
        writer.AppendDecimal((ulong)(uint)data);
        writer.Append(", u64="u8);
        writer.AppendDecimal(data);
        writer.Append("}}"u8);
    }

    /// <summary>epoll_wait's events: as many as it returned, up to -s.</summary>
    public static void WriteEpollEvents(ref Utf8SpanWriter writer, scoped in CallContext context, scoped ReadOnlySpan<byte> data)
    {
        var fields = new StructFields(data, context.WordSize);
        long count = context.Call.Ret;
        writer.Append((byte)'[');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                writer.Append(", "u8);
            if (i >= context.Snaplen || (i + 1) * EpollEventSize > data.Length)
            {
                writer.Append("..."u8);
                break;
            }
            WriteEpollEvent(ref writer, fields, i * EpollEventSize);
        }
        writer.Append((byte)']');
    }
}
