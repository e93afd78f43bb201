using System.Buffers.Binary;
using System.Text;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// The kernel's UAPI structs as an x86_64 caller's memory holds them (offsets from the kernel's headers,
/// written out here apart from the renderer's readers), for the captures the tests build by hand.
/// </summary>
internal static class Structs
{
    public const uint RegularFile = 0x8000, DirectoryFile = 0x4000, CharDevice = 0x2000, Socket = 0xc000;

    /// <summary>struct stat: st_mode at 24, st_rdev at 40, st_size at 48; 144 bytes.</summary>
    public static byte[] Stat(uint mode, long size, ulong rdev = 0)
    {
        var stat = new byte[144];
        BinaryPrimitives.WriteUInt32LittleEndian(stat.AsSpan(24), mode);
        BinaryPrimitives.WriteUInt64LittleEndian(stat.AsSpan(40), rdev);
        BinaryPrimitives.WriteInt64LittleEndian(stat.AsSpan(48), size);
        return stat;
    }

    /// <summary>struct statx: stx_mask at 0, stx_attributes at 8, stx_mode at 28, stx_size at 40; 256 bytes.</summary>
    public static byte[] Statx(uint mask, uint mode, long size)
    {
        var statx = new byte[256];
        BinaryPrimitives.WriteUInt32LittleEndian(statx, mask);
        BinaryPrimitives.WriteUInt16LittleEndian(statx.AsSpan(28), (ushort)mode);
        BinaryPrimitives.WriteInt64LittleEndian(statx.AsSpan(40), size);
        return statx;
    }

    /// <summary>x86_64's struct statfs: eleven longs but f_fsid (two ints at 56); 120 bytes.</summary>
    public static byte[] Statfs(long type, long blockSize, ulong blocks, ulong free, ulong available, ulong files, ulong freeFiles,
        uint fsid0, uint fsid1, long nameLength, long fragmentSize, long flags)
    {
        var statfs = new byte[120];
        Span<byte> s = statfs;
        BinaryPrimitives.WriteInt64LittleEndian(s, type);
        BinaryPrimitives.WriteInt64LittleEndian(s[8..], blockSize);
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], blocks);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], free);
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], available);
        BinaryPrimitives.WriteUInt64LittleEndian(s[40..], files);
        BinaryPrimitives.WriteUInt64LittleEndian(s[48..], freeFiles);
        BinaryPrimitives.WriteUInt32LittleEndian(s[56..], fsid0);
        BinaryPrimitives.WriteUInt32LittleEndian(s[60..], fsid1);
        BinaryPrimitives.WriteInt64LittleEndian(s[64..], nameLength);
        BinaryPrimitives.WriteInt64LittleEndian(s[72..], fragmentSize);
        BinaryPrimitives.WriteInt64LittleEndian(s[80..], flags);
        return statfs;
    }

    /// <summary>struct sockaddr_in: the family, the port and address in network order, 8 bytes of zero.</summary>
    public static byte[] SockaddrIn(ushort port, params byte[] address)
    {
        var sockaddr = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, 2);
        BinaryPrimitives.WriteUInt16BigEndian(sockaddr.AsSpan(2), port);
        address.CopyTo(sockaddr, 4);
        return sockaddr;
    }

    /// <summary>struct sockaddr_in6: family, port, flowinfo, address, scope id; 28 bytes.</summary>
    public static byte[] SockaddrIn6(ushort port, byte[] address, uint flowinfo = 0, uint scope = 0)
    {
        var sockaddr = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, 10);
        BinaryPrimitives.WriteUInt16BigEndian(sockaddr.AsSpan(2), port);
        BinaryPrimitives.WriteUInt32BigEndian(sockaddr.AsSpan(4), flowinfo);
        address.CopyTo(sockaddr, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(sockaddr.AsSpan(24), scope);
        return sockaddr;
    }

    /// <summary>struct sockaddr_un: the family and the path with its NUL, in the 110 bytes of the struct.</summary>
    public static byte[] SockaddrUn(string path)
    {
        var sockaddr = new byte[110];
        BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, 1);
        Encoding.UTF8.GetBytes(path).CopyTo(sockaddr, 2);
        return sockaddr;
    }

    public static byte[] Longs(params long[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    public static byte[] Ints(params int[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>A sigset_t of the kernel: bit n-1 for signal n.</summary>
    public static byte[] Sigset(params int[] signals)
    {
        ulong mask = 0;
        foreach (int signal in signals)
            mask |= 1UL << (signal - 1);
        return Longs((long)mask);
    }

    /// <summary>The kernel's struct sigaction (rt_sigaction): handler, flags, restorer, mask.</summary>
    public static byte[] Sigaction(ulong handler, ulong flags, ulong restorer, params int[] mask) =>
        [.. Longs((long)handler, (long)flags, (long)restorer), .. Sigset(mask)];

    /// <summary>struct pollfd: int fd, short events, short revents.</summary>
    public static byte[] Pollfds(params (int Fd, short Events, short Revents)[] fds)
    {
        var bytes = new byte[8 * fds.Length];
        for (int i = 0; i < fds.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 * i), fds[i].Fd);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(8 * i + 4), fds[i].Events);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(8 * i + 6), fds[i].Revents);
        }
        return bytes;
    }

    /// <summary>struct epoll_event, packed on x86: u32 events, u64 data.</summary>
    public static byte[] EpollEvent(uint events, ulong data)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, events);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(4), data);
        return bytes;
    }

    /// <summary>struct new_utsname's first two fields, 65 bytes each: all strace prints.</summary>
    public static byte[] Utsname(string sysname, string nodename)
    {
        var bytes = new byte[130];
        Encoding.ASCII.GetBytes(sysname).CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes(nodename).CopyTo(bytes, 65);
        return bytes;
    }

    /// <summary>x86_64's struct sysinfo: longs to freeswap, u16 procs at 80, totalhigh at 88, freehigh at 96, u32 mem_unit at 104; 112 bytes.</summary>
    public static byte[] Sysinfo(long uptime, ulong[] loads, ulong[] memory, ushort procs, ulong totalHigh, ulong freeHigh, uint memoryUnit)
    {
        var bytes = new byte[112];
        Span<byte> s = bytes;
        BinaryPrimitives.WriteInt64LittleEndian(s, uptime);
        for (int i = 0; i < 3; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(s[(8 + 8 * i)..], loads[i]);
        for (int i = 0; i < 6; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(s[(32 + 8 * i)..], memory[i]);
        BinaryPrimitives.WriteUInt16LittleEndian(s[80..], procs);
        BinaryPrimitives.WriteUInt64LittleEndian(s[88..], totalHigh);
        BinaryPrimitives.WriteUInt64LittleEndian(s[96..], freeHigh);
        BinaryPrimitives.WriteUInt32LittleEndian(s[104..], memoryUnit);
        return bytes;
    }

    /// <summary>struct clone_args: eleven u64s, flags first; 88 bytes.</summary>
    public static byte[] CloneArgs(ulong flags, ulong pidfd, ulong childTid, ulong parentTid, ulong exitSignal, ulong stack, ulong stackSize, ulong tls) =>
        [.. Longs((long)flags, (long)pidfd, (long)childTid, (long)parentTid, (long)exitSignal, (long)stack, (long)stackSize, (long)tls, 0, 0, 0)];

    /// <summary>What the kernel's FdTarget capture says of a file or directory.</summary>
    public static FdTarget File(ulong inode, uint type = RegularFile) => new(inode, type | 0x1a4, 0, 0, 0, 0);

    /// <summary>A character device: its mode and the kernel's dev_t (major in the top 12 bits).</summary>
    public static FdTarget Device(uint major, uint minor) => new(5, CharDevice | 0x1b6, (major << 20) | minor, 0, 0, 0);

    public static FdTarget Pipe(ulong inode) => new(inode, 0x1000 | 0x180, 0, 0, 0, 0);

    /// <summary>A socket as the kernel reads it from the fd: family, type, protocol and, for inet, its ends.</summary>
    public static FdTarget InetSocket(ulong inode, ushort family, ushort type, ushort protocol, byte[]? local = null, ushort localPort = 0, byte[]? peer = null, ushort peerPort = 0) =>
        new(inode, Socket | 0x1ff, 0, family, type, protocol) { Local = local ?? new byte[family == 10 ? 16 : 4], LocalPort = localPort, Peer = peer ?? new byte[family == 10 ? 16 : 4], PeerPort = peerPort };

    public static FdTarget UnixSocket(ulong inode, ushort type, ulong peer = 0, string path = "") =>
        new(inode, Socket | 0x1ff, 0, 1, type, 0) { PeerInode = peer, UnixPath = Encoding.UTF8.GetBytes(path) };
}
