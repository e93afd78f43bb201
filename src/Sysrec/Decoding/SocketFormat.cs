namespace Sysrec.Decoding;

/// <summary>
/// The socket arguments whose meaning depends on another: socket's protocol by the family (IPPROTO_* for inet, NETLINK_* for netlink), a socket
/// option's name by its level and its value by its length, and the socklen_t a call reads and writes
/// (<c>[16]</c>, or <c>[128 =&gt; 16]</c> when the call changed it).
/// </summary>
internal static class SocketFormat
{
    public static void WriteProtocol(ref Utf8SpanWriter writer, int family, int protocol)
    {
        if (family is (int)KernelConstants.AF_INET or (int)KernelConstants.AF_INET6)
            ConstantSets.InetProtocols.Write(ref writer, (ulong)(long)protocol);
        else if (family == (int)KernelConstants.AF_NETLINK)
            ConstantSets.NetlinkProtocols.Write(ref writer, (ulong)(long)protocol);
        else
            writer.AppendDecimal((ulong)(uint)protocol);
    }

    public static void WriteOption(ref Utf8SpanWriter writer, int level, int option)
    {
        ConstantSet? names = level switch
        {
            (int)KernelConstants.SOL_SOCKET => ConstantSets.SocketOptions,
            (int)KernelConstants.SOL_TCP => ConstantSets.TcpOptions,
            _ => null,
        };
        if (names is null)
            writer.AppendDecimal((ulong)(uint)option);
        else
            names.Write(ref writer, (ulong)(long)option);
    }

    /// <summary>setsockopt's value (its length is the next argument) or getsockopt's (its length what the call wrote back): an int in brackets, else its bytes.</summary>
    public static void WriteOptionValue(ref Utf8SpanWriter writer, scoped in CallContext context, scoped Capture value)
    {
        long length = value.FullLength;
        if (length == sizeof(int) && value.Data.Length >= sizeof(int))
        {
            writer.Append((byte)'[');
            writer.AppendDecimal((long)new StructFields(value.Data, 4).Int(0));
            writer.Append((byte)']');
        }
        else
            StraceText.WriteBuffer(ref writer, value.Data, (ulong)length, context.Snaplen);
    }

    /// <summary>An int* length a call reads and writes: what it held at entry and, when the call changed it, <c>=&gt;</c> what it holds after.</summary>
    public static void WriteSocklen(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        bool before = ArgumentRenderer.TryEntry(context, index, out Capture entry);
        bool after = ArgumentRenderer.TryExit(context, index, out Capture exit);
        if (!before && !after)
        {
            ArgumentRenderer.WritePointer(ref writer, context.Register(index));
            return;
        }
        int entered = new StructFields(entry.Data, 4).Int(0);
        int returned = new StructFields(exit.Data, 4).Int(0);
        writer.Append((byte)'[');
        if (before)
            writer.AppendDecimal((long)entered);
        if (after && (!before || entered != returned))
        {
            if (before)
                writer.Append(" => "u8);
            writer.AppendDecimal((long)returned);
        }
        writer.Append((byte)']');
    }
}
