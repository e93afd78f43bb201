using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>
/// A sockaddr as strace prints it: <c>{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}</c>,
/// IPv6 with <c>inet_pton(AF_INET6, "::1", &amp;sin6_addr)</c>, UNIX paths (<c>@</c> before an abstract
/// one), netlink's pid and groups, and other families' bytes as <c>sa_data</c>.
/// </summary>
internal static class SockaddrFormat
{
    private const int FamilySize = 2;
    private const int Inet4Size = 16;
    private const int Inet6MinimumSize = 24;
    private const int UnixPathMax = 108;
    private const int NetlinkSize = 12;

    /// <summary>The address whose first <paramref name="data"/> bytes were read of <paramref name="length"/> the call gave.</summary>
    public static void Write(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> data, uint length)
    {
        int addressLength = (int)Math.Min(length, (uint)data.Length);
        if (addressLength < FamilySize)
        {
            writer.Append("{}"u8);
            return;
        }
        data = data[..addressLength];
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(data);
        writer.Append("{sa_family="u8);
        ConstantSets.AddressFamilies.Write(ref writer, family);
        if (addressLength > FamilySize)
        {
            writer.Append(", "u8);
            if (family == KernelConstants.AF_INET && addressLength >= Inet4Size)
                WriteInet4(ref writer, data);
            else if (family == KernelConstants.AF_INET6 && addressLength >= Inet6MinimumSize)
                WriteInet6(ref writer, data);
            else if (family == KernelConstants.AF_UNIX)
                WriteUnix(ref writer, data);
            else if (family == KernelConstants.AF_NETLINK && addressLength >= NetlinkSize)
                WriteNetlink(ref writer, data);
            else
            {
                writer.Append("sa_data="u8);
                StraceText.WriteQuoted(ref writer, data[FamilySize..]);
            }
        }
        writer.Append((byte)'}');
    }

    /// <summary>An IPv4 address as inet_ntop writes it.</summary>
    public static void WriteInet4Address(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> address)
    {
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
                writer.Append((byte)'.');
            writer.AppendDecimal((ulong)address[i]);
        }
    }

    /// <summary>An IPv6 address as glibc's inet_ntop writes it: the longest run of two or more zero groups as ::, an IPv4 tail for ::a.b.c.d and ::ffff:a.b.c.d.</summary>
    public static void WriteInet6Address(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> address)
    {
        Span<ushort> words = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
            words[i] = BinaryPrimitives.ReadUInt16BigEndian(address[(2 * i)..]);
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < 8;)
        {
            if (words[i] != 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0)
                i++;
            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2)
            bestStart = -1;
        for (int i = 0; i < 8; i++)
        {
            if (bestStart >= 0 && i >= bestStart && i < bestStart + bestLength)
            {
                if (i == bestStart)
                    writer.Append((byte)':');
                continue;
            }
            if (i != 0)
                writer.Append((byte)':');
            if (i == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff)))
            {
                WriteInet4Address(ref writer, address[12..]);
                return;
            }
            writer.AppendHexDigits(words[i]);
        }
        if (bestStart >= 0 && bestStart + bestLength == 8)
            writer.Append((byte)':');
    }

    private static void WriteInet4(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> data)
    {
        writer.Append("sin_port=htons("u8);
        writer.AppendDecimal((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[2..]));
        writer.Append("), sin_addr=inet_addr(\""u8);
        WriteInet4Address(ref writer, data[4..]);
        writer.Append("\")"u8);
    }

    private static void WriteInet6(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> data)
    {
        writer.Append("sin6_port=htons("u8);
        writer.AppendDecimal((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[2..]));
        writer.Append("), sin6_flowinfo=htonl("u8);
        writer.AppendDecimal((ulong)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
        writer.Append("), inet_pton(AF_INET6, \""u8);
        WriteInet6Address(ref writer, data.Slice(8, 16));
        writer.Append("\", &sin6_addr)"u8);
        if (data.Length > Inet6MinimumSize)
        {
            writer.Append(", sin6_scope_id="u8);
            writer.AppendDecimal((ulong)BinaryPrimitives.ReadUInt32LittleEndian(data[24..]));
        }
    }

    private static void WriteUnix(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> path = data[FamilySize..Math.Min(data.Length, FamilySize + UnixPathMax)];
        writer.Append("sun_path="u8);
        if (path.Length > 0 && path[0] != 0)
        {
            int end = path.IndexOf((byte)0);
            StraceText.WriteQuoted(ref writer, end < 0 ? path : path[..end]);
        }
        else
        {
            writer.Append((byte)'@');
            StraceText.WriteQuoted(ref writer, path.IsEmpty ? path : path[1..]);
        }
    }

    private static void WriteNetlink(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> data)
    {
        ushort pad = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if (pad != 0)
        {
            writer.Append("nl_pad="u8);
            writer.AppendHex(pad);
            writer.Append(", "u8);
        }
        writer.Append("nl_pid="u8);
        writer.AppendDecimal((long)BinaryPrimitives.ReadInt32LittleEndian(data[4..]));
        writer.Append(", nl_groups="u8);
        uint groups = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (groups == 0)
            writer.Append("00000000"u8);
        else
        {
            writer.Append("0x"u8);
            for (int digits = 6; digits > 1 && groups >> (4 * (digits - 1)) == 0; digits--)
                writer.Append((byte)'0');
            writer.AppendHexDigits(groups);
        }
    }
}
