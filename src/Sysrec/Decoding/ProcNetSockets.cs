using System.Buffers.Binary;
using System.Globalization;
using Sysrec.IO;

namespace Sysrec.Decoding;

/// <summary>
/// The sockets of a process's network namespace by inode, from /proc/PID/net/{tcp,tcp6,udp,udp6,udplite,
/// udplite6,raw,raw6,unix,netlink}: what the fd table knows of a socket a running process had before it
/// was traced. A UNIX socket's peer is not listed there, so it is not known.
/// </summary>
internal static class ProcNetSockets
{
    public static Dictionary<ulong, FdTarget> Read(string processDirectory)
    {
        var sockets = new Dictionary<ulong, FdTarget>();
        string net = Path.Combine(processDirectory, "net");
        ReadInet(sockets, Path.Combine(net, "tcp"), KernelConstants.AF_INET, KernelConstants.SOCK_STREAM, KernelConstants.IPPROTO_TCP);
        ReadInet(sockets, Path.Combine(net, "tcp6"), KernelConstants.AF_INET6, KernelConstants.SOCK_STREAM, KernelConstants.IPPROTO_TCP);
        ReadInet(sockets, Path.Combine(net, "udp"), KernelConstants.AF_INET, KernelConstants.SOCK_DGRAM, KernelConstants.IPPROTO_UDP);
        ReadInet(sockets, Path.Combine(net, "udp6"), KernelConstants.AF_INET6, KernelConstants.SOCK_DGRAM, KernelConstants.IPPROTO_UDP);
        ReadInet(sockets, Path.Combine(net, "udplite"), KernelConstants.AF_INET, KernelConstants.SOCK_DGRAM, KernelConstants.IPPROTO_UDPLITE);
        ReadInet(sockets, Path.Combine(net, "udplite6"), KernelConstants.AF_INET6, KernelConstants.SOCK_DGRAM, KernelConstants.IPPROTO_UDPLITE);
        ReadInet(sockets, Path.Combine(net, "raw"), KernelConstants.AF_INET, KernelConstants.SOCK_RAW, 0);
        ReadInet(sockets, Path.Combine(net, "raw6"), KernelConstants.AF_INET6, KernelConstants.SOCK_RAW, 0);
        ReadUnix(sockets, Path.Combine(net, "unix"));
        ReadNetlink(sockets, Path.Combine(net, "netlink"));
        return sockets;
    }

    // "sl local_address rem_address st ... uid timeout inode": addresses in hex as the kernel's u32 words, ports in host order.
    private static void ReadInet(Dictionary<ulong, FdTarget> sockets, string file, ulong family, ulong type, ulong protocol)
    {
        foreach (string[] fields in Rows(file))
        {
            if (fields.Length < 10 || !ulong.TryParse(fields[9], out ulong inode) || inode == 0)
                continue;
            if (!TryEnd(fields[1], out byte[] local, out ushort localPort) || !TryEnd(fields[2], out byte[] peer, out ushort peerPort))
                continue;
            sockets.TryAdd(inode, new FdTarget(inode, (uint)KernelConstants.S_IFSOCK, 0, (ushort)family, (ushort)type, (ushort)protocol)
            {
                Local = local,
                Peer = peer,
                LocalPort = localPort,
                PeerPort = peerPort,
            });
        }
    }

    // "Num RefCount Protocol Flags Type St Inode Path": the path is @ for an abstract name.
    private static void ReadUnix(Dictionary<ulong, FdTarget> sockets, string file)
    {
        foreach (string[] fields in Rows(file))
        {
            if (fields.Length < 7 || !ushort.TryParse(fields[4], NumberStyles.HexNumber, null, out ushort type) || !ulong.TryParse(fields[6], out ulong inode))
                continue;
            byte[] path = fields.Length > 7 ? System.Text.Encoding.UTF8.GetBytes(string.Join(' ', fields[7..])) : [];
            if (path.Length > 0 && path[0] == '@')
                path[0] = 0;
            sockets.TryAdd(inode, new FdTarget(inode, (uint)KernelConstants.S_IFSOCK, 0, (ushort)KernelConstants.AF_UNIX, type, 0) { UnixPath = path });
        }
    }

    // "sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode": Eth is the protocol, Pid the port id.
    private static void ReadNetlink(Dictionary<ulong, FdTarget> sockets, string file)
    {
        foreach (string[] fields in Rows(file))
        {
            if (fields.Length < 10 || !ushort.TryParse(fields[1], out ushort protocol) || !uint.TryParse(fields[2], out uint port)
                || !ulong.TryParse(fields[9], out ulong inode))
                continue;
            sockets.TryAdd(inode, new FdTarget(inode, (uint)KernelConstants.S_IFSOCK, 0, (ushort)KernelConstants.AF_NETLINK, (ushort)KernelConstants.SOCK_RAW, protocol)
            {
                NetlinkPortId = port,
            });
        }
    }

    private static bool TryEnd(string text, out byte[] address, out ushort port)
    {
        address = [];
        port = 0;
        int colon = text.IndexOf(':');
        if (colon < 0 || colon % 8 != 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, null, out port))
            return false;
        address = new byte[colon / 2];
        for (int word = 0; word < colon / 8; word++)
        {
            if (!uint.TryParse(text.AsSpan(8 * word, 8), NumberStyles.HexNumber, null, out uint value))
                return false;
            BinaryPrimitives.WriteUInt32LittleEndian(address.AsSpan(4 * word), value);
        }
        return true;
    }

    private static IEnumerable<string[]> Rows(string file)
    {
        foreach (string line in (TransientFiles.ReadLines(file) ?? []).Skip(1))
            yield return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
