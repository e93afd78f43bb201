using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>
/// iovec arrays and msghdrs as strace prints them: <c>[{iov_base="hello", iov_len=5}]</c>, each base cut at
/// -s and the array after -s elements; readv's and recvmsg's bases show only the bytes the return says
/// were read, in order; <c>{msg_name=NULL, msg_namelen=0, msg_iov=[...], msg_iovlen=1, msg_controllen=0, msg_flags=0}</c>.
/// </summary>
internal static class IovecFormat
{
    private const int IovecHeader = 8;
    private const int ElementHeader = 24;
    private const int MsghdrHeader = 56;

    public static void WriteIovecs(ref Utf8SpanWriter writer, scoped in CallContext context, int index, scoped ReadOnlySpan<byte> payload, bool read)
    {
        WriteArray(ref writer, context, payload, read);
    }

    public static void WriteMsghdr(ref Utf8SpanWriter writer, scoped in CallContext context, scoped ReadOnlySpan<byte> payload, bool read)
    {
        if (payload.Length < MsghdrHeader)
        {
            writer.Append("{...}"u8);
            return;
        }
        ulong name = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]);
        ulong iovLength = BinaryPrimitives.ReadUInt64LittleEndian(payload[24..]);
        ulong control = BinaryPrimitives.ReadUInt64LittleEndian(payload[32..]);
        ulong controlLength = BinaryPrimitives.ReadUInt64LittleEndian(payload[40..]);
        int namePresent = BinaryPrimitives.ReadUInt16LittleEndian(payload[48..]);
        int controlPresent = BinaryPrimitives.ReadUInt16LittleEndian(payload[50..]);
        ReadOnlySpan<byte> rest = payload[MsghdrHeader..];
        ReadOnlySpan<byte> nameBytes = rest[..Math.Min(namePresent, rest.Length)];
        rest = rest[nameBytes.Length..];
        ReadOnlySpan<byte> controlBytes = rest[..Math.Min(controlPresent, rest.Length)];
        int consumed = MsghdrHeader + nameBytes.Length + controlBytes.Length;
        ReadOnlySpan<byte> iovecs = payload[Math.Min(payload.Length, (consumed + 7) & ~7)..];

        writer.Append("{msg_name="u8);
        if (name == 0 || nameLength < 2)
            ArgumentRenderer.WritePointer(ref writer, name);
        else if (nameBytes.Length < 2)
            writer.AppendHex(name);
        else
            SockaddrFormat.Write(ref writer, nameBytes, nameLength);
        writer.Append(", msg_namelen="u8);
        writer.AppendDecimal((long)(int)nameLength);
        writer.Append(", msg_iov="u8);
        WriteArray(ref writer, context, iovecs, read);
        writer.Append(", msg_iovlen="u8);
        writer.AppendDecimal(iovLength);
        if (controlLength != 0)
        {
            writer.Append(", msg_control="u8);
            WriteControl(ref writer, context, control, controlLength, controlBytes);
        }
        writer.Append(", msg_controllen="u8);
        writer.AppendDecimal(controlLength);
        writer.Append(", msg_flags="u8);
        ConstantSets.MessageFlags.Write(ref writer, flags);
        writer.Append((byte)'}');
    }

    /// <summary>The first iovec of an Iovec payload: its base, length, flags and the bytes read; false when none was captured.</summary>
    public static bool TryReadFirst(ReadOnlySpan<byte> payload, out ulong iovBase, out ulong iovLength, out CaptureFlags flags, out ReadOnlySpan<byte> data)
    {
        (iovBase, iovLength, flags) = (0, 0, CaptureFlags.None);
        data = default;
        if (payload.Length < IovecHeader + ElementHeader || BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) == 0)
            return false;
        ReadOnlySpan<byte> element = payload[IovecHeader..];
        iovBase = BinaryPrimitives.ReadUInt64LittleEndian(element);
        iovLength = BinaryPrimitives.ReadUInt64LittleEndian(element[8..]);
        int present = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(element[16..]), (uint)(element.Length - ElementHeader));
        flags = (CaptureFlags)element[20];
        data = element.Slice(ElementHeader, present);
        return true;
    }

    // The Iovec payload: u32 vlen, u32 captured, then per iovec base, len, bytes present, flags, the bytes.
    // What a read filled is as long as its return, shared out in order; a failed read shows addresses.
    private static void WriteArray(ref Utf8SpanWriter writer, scoped in CallContext context, scoped ReadOnlySpan<byte> payload, bool read)
    {
        ulong remaining = read ? (ulong)context.Call.Ret : ulong.MaxValue;
        bool addresses = read && !context.Succeeded;
        if (payload.Length < IovecHeader)
        {
            writer.Append("[]"u8);
            return;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        uint captured = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        ReadOnlySpan<byte> rest = payload[IovecHeader..];
        writer.Append((byte)'[');
        for (uint i = 0; i < count; i++)
        {
            if (i > 0)
                writer.Append(", "u8);
            if (i >= context.Snaplen || i >= captured || rest.Length < ElementHeader)
            {
                writer.Append("..."u8);
                break;
            }
            ulong iovBase = BinaryPrimitives.ReadUInt64LittleEndian(rest);
            ulong iovLength = BinaryPrimitives.ReadUInt64LittleEndian(rest[8..]);
            int present = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(rest[16..]), (uint)(rest.Length - ElementHeader));
            var flags = (CaptureFlags)rest[20];
            ReadOnlySpan<byte> data = rest.Slice(ElementHeader, present);
            rest = rest[(ElementHeader + present)..];
            ulong shown = Math.Min(iovLength, remaining);
            if (remaining != ulong.MaxValue)
                remaining -= shown;
            writer.Append("{iov_base="u8);
            if (addresses || iovBase == 0 || (flags & CaptureFlags.Unreadable) != 0)
                ArgumentRenderer.WritePointer(ref writer, iovBase);
            else
                StraceText.WriteBuffer(ref writer, data, shown, context.Snaplen);
            writer.Append(", iov_len="u8);
            writer.AppendDecimal(iovLength);
            writer.Append((byte)'}');
        }
        writer.Append((byte)']');
    }

    // SOL_SOCKET control messages: SCM_RIGHTS' fds, SCM_CREDENTIALS' ids; the others by type alone.
    private static void WriteControl(ref Utf8SpanWriter writer, scoped in CallContext context, ulong address, ulong length, scoped ReadOnlySpan<byte> bytes)
    {
        int word = context.WordSize;
        int header = word == 8 ? 16 : 12;
        if (bytes.Length < header)
        {
            writer.AppendHex(address);
            return;
        }
        var fields = new StructFields(bytes, word);
        int offset = 0;
        writer.Append((byte)'[');
        while (offset + header <= bytes.Length)
        {
            if (offset > 0)
                writer.Append(", "u8);
            ulong messageLength = fields.ULong(offset);
            int level = fields.Int(offset + word);
            int type = fields.Int(offset + word + 4);
            writer.Append("{cmsg_len="u8);
            writer.AppendDecimal(messageLength);
            writer.Append(", cmsg_level="u8);
            ConstantSets.SocketLevels.Write(ref writer, (ulong)(long)level);
            writer.Append(", cmsg_type="u8);
            int dataLength = (int)Math.Min(Math.Max((long)messageLength - header, 0), bytes.Length - offset - header);
            if (level == (int)KernelConstants.SOL_SOCKET && type == (int)KernelConstants.SCM_RIGHTS)
            {
                writer.Append("SCM_RIGHTS, cmsg_data=["u8);
                for (int i = 0; i + 4 <= dataLength; i += 4)
                {
                    if (i > 0)
                        writer.Append(", "u8);
                    FdFormat.Write(ref writer, context, fields.Int(offset + header + i));
                }
                writer.Append((byte)']');
            }
            else if (level == (int)KernelConstants.SOL_SOCKET && type == (int)KernelConstants.SCM_CREDENTIALS && dataLength >= 12)
            {
                writer.Append("SCM_CREDENTIALS, cmsg_data={pid="u8);
                writer.AppendDecimal((long)fields.Int(offset + header));
                writer.Append(", uid="u8);
                writer.AppendDecimal((ulong)fields.UInt(offset + header + 4));
                writer.Append(", gid="u8);
                writer.AppendDecimal((ulong)fields.UInt(offset + header + 8));
                writer.Append((byte)'}');
            }
            else
                writer.AppendHex((uint)type);
            writer.Append((byte)'}');
            ulong next = (messageLength + (ulong)word - 1) & ~((ulong)word - 1);
            if (next < (ulong)header || next >= (ulong)(bytes.Length - offset))
            {
                offset = bytes.Length;
                break;
            }
            offset += (int)next;
        }
        if ((ulong)bytes.Length < length)
            writer.Append(", ..."u8);
        writer.Append((byte)']');
    }
}
