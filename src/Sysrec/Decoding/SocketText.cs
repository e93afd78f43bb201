namespace Sysrec.Decoding;

/// <summary>
/// A socket as strace -yy names it from the kernel's socket diagnostics: the protocol's name and its
/// ends, <c>TCP:[127.0.0.1:40000-&gt;127.0.0.1:80]</c>, <c>TCPv6:[[::1]:80]</c>, <c>UNIX-STREAM:[5-&gt;6,"/run/x"]</c>,
/// <c>NETLINK:[ROUTE:123]</c>; a socket the diagnostics do not list (unbound, unconnected) by its inode,
/// <c>TCP:[1234]</c>; one of a protocol strace has no name for, <c>socket:[1234]</c>.
/// </summary>
internal static class SocketText
{
    public static void Write(ref Utf8SpanWriter writer, FdTarget socket)
    {
        ReadOnlySpan<byte> protocol = ProtocolName(socket);
        if (protocol.IsEmpty)
        {
            writer.Append("socket:["u8);
            writer.AppendDecimal(socket.Inode);
            writer.Append((byte)']');
            return;
        }
        writer.Append(protocol);
        writer.Append(":["u8);
        if (!HasDetails(socket))
            writer.AppendDecimal(socket.Inode);
        else if (socket.Family == (ushort)KernelConstants.AF_UNIX)
            WriteUnix(ref writer, socket);
        else if (socket.Family == (ushort)KernelConstants.AF_NETLINK)
        {
            ReadOnlySpan<byte> name = ConstantSets.NetlinkProtocols.NameOf(socket.Protocol);
            if (name.IsEmpty)
                writer.AppendDecimal((ulong)socket.Protocol);
            else
            {
                writer.Append(name["NETLINK_".Length..]);
                writer.Append((byte)':');
                writer.AppendDecimal((ulong)socket.NetlinkPortId);
            }
        }
        else
        {
            bool six = socket.Family == (ushort)KernelConstants.AF_INET6;
            WriteEnd(ref writer, socket.Local, socket.LocalPort, six);
            if (HasPeer(socket))
            {
                writer.Append("->"u8);
                WriteEnd(ref writer, socket.Peer, socket.PeerPort, six);
            }
        }
        writer.Append((byte)']');
    }

    /// <summary>
    /// Whether the kernel's socket diagnostics, which strace asks, list the socket: every unix and netlink
    /// socket, an inet one once bound or connected. strace keeps the text of a socket they listed.
    /// </summary>
    public static bool HasDetails(FdTarget socket)
    {
        if (socket.Family is (ushort)KernelConstants.AF_UNIX or (ushort)KernelConstants.AF_NETLINK)
            return true;
        if (socket.Family is (ushort)KernelConstants.AF_INET or (ushort)KernelConstants.AF_INET6)
            return socket.LocalPort != 0 || HasPeer(socket);
        return false;
    }

    /// <summary>The kernel's proto name (struct proto .name), which strace reads from the socket's xattr; empty for a family strace does not name.</summary>
    public static ReadOnlySpan<byte> ProtocolName(FdTarget socket)
    {
        bool stream = socket.Type == KernelConstants.SOCK_STREAM;
        switch (socket.Family)
        {
            case (ushort)KernelConstants.AF_UNIX:
                return stream ? "UNIX-STREAM"u8 : "UNIX"u8;
            case (ushort)KernelConstants.AF_NETLINK:
                return "NETLINK"u8;
            case (ushort)KernelConstants.AF_INET:
                return InetName(socket, stream, six: false);
            case (ushort)KernelConstants.AF_INET6:
                return InetName(socket, stream, six: true);
            default:
                return default;
        }
    }

    private static ReadOnlySpan<byte> InetName(FdTarget socket, bool stream, bool six)
    {
        ulong protocol = socket.Protocol;
        if (socket.Type == KernelConstants.SOCK_RAW)
            return six ? "RAWv6"u8 : "RAW"u8;
        if (protocol == KernelConstants.IPPROTO_SCTP)
            return six ? "SCTPv6"u8 : "SCTP"u8;
        if (stream)
            return six ? "TCPv6"u8 : "TCP"u8;
        if (protocol == KernelConstants.IPPROTO_UDPLITE)
            return six ? "UDPLITEv6"u8 : "UDPLITE"u8;
        if (protocol == (six ? KernelConstants.IPPROTO_ICMPV6 : KernelConstants.IPPROTO_ICMP))
            return six ? "PINGv6"u8 : "PING"u8;
        return six ? "UDPv6"u8 : "UDP"u8;
    }

    public static bool HasPeer(FdTarget socket) => socket.PeerPort != 0 || socket.Peer.AsSpan().IndexOfAnyExcept((byte)0) >= 0;

    public static void WriteEnd(ref Utf8SpanWriter writer, byte[] address, ushort port, bool six)
    {
        if (six)
        {
            writer.Append((byte)'[');
            if (address.Length == 16)
                SockaddrFormat.WriteInet6Address(ref writer, address);
            writer.Append((byte)']');
        }
        else if (address.Length >= 4)
            SockaddrFormat.WriteInet4Address(ref writer, address);
        writer.Append((byte)':');
        writer.AppendDecimal((ulong)port);
    }

    // strace's unix_parse_response: the inode, ->peer, then the bound path (@ before an abstract name).
    private static void WriteUnix(ref Utf8SpanWriter writer, FdTarget socket)
    {
        writer.AppendDecimal(socket.Inode);
        if (socket.PeerInode != 0)
        {
            writer.Append("->"u8);
            writer.AppendDecimal(socket.PeerInode);
        }
        if (socket.UnixPath.Length == 0)
            return;
        writer.Append((byte)',');
        ReadOnlySpan<byte> path = socket.UnixPath;
        if (path[0] == 0)
        {
            writer.Append((byte)'@');
            path = path[1..];
        }
        int end = path.IndexOf((byte)0);
        StraceText.WriteQuoted(ref writer, end < 0 ? path : path[..end]);
    }
}
