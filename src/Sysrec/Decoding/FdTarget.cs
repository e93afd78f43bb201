using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>
/// What an fd refers to, as the kernel read it from the task's fd table (a <see cref="CaptureKind.FdTarget"/>
/// capture): the inode and its mode and device, and for a socket its family, type, protocol and ends.
/// </summary>
internal sealed record FdTarget(ulong Inode, uint Mode, uint Rdev, ushort Family, ushort Type, ushort Protocol)
{
    private const int Header = 24;

    /// <summary>The local and peer address of an AF_INET (first 4 bytes) or AF_INET6 socket.</summary>
    public byte[] Local { get; init; } = [];

    public byte[] Peer { get; init; } = [];

    public ushort LocalPort { get; init; }

    public ushort PeerPort { get; init; }

    /// <summary>An AF_UNIX socket's peer's inode (0 for none) and bound path (abstract ones start with NUL).</summary>
    public ulong PeerInode { get; init; }

    public byte[] UnixPath { get; init; } = [];

    public uint NetlinkPortId { get; init; }

    /// <summary>The kernel's dev_t of a device file: major in the top 12 bits, minor in the low 20.</summary>
    public uint Major => Rdev >> 20;

    public uint Minor => Rdev & 0xfffff;

    public static FdTarget? Read(scoped Capture capture)
    {
        if (capture.Kind != CaptureKind.FdTarget || capture.Unreadable || capture.Data.Length < Header)
            return null;
        ReadOnlySpan<byte> data = capture.Data;
        var target = new FdTarget(BinaryPrimitives.ReadUInt64LittleEndian(data), BinaryPrimitives.ReadUInt32LittleEndian(data[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[12..]), BinaryPrimitives.ReadUInt16LittleEndian(data[16..]),
            BinaryPrimitives.ReadUInt16LittleEndian(data[18..]), BinaryPrimitives.ReadUInt16LittleEndian(data[20..]));
        ReadOnlySpan<byte> rest = data[Header..];
        if (target.Family is (ushort)KernelConstants.AF_INET or (ushort)KernelConstants.AF_INET6 && rest.Length >= 36)
        {
            int size = target.Family == (ushort)KernelConstants.AF_INET ? 4 : 16;
            return target with
            {
                Local = rest[..size].ToArray(),
                Peer = rest.Slice(16, size).ToArray(),
                LocalPort = BinaryPrimitives.ReadUInt16LittleEndian(rest[32..]),
                PeerPort = BinaryPrimitives.ReadUInt16LittleEndian(rest[34..]),
            };
        }
        if (target.Family == (ushort)KernelConstants.AF_UNIX && rest.Length >= 10)
        {
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(rest[8..]), rest.Length - 10);
            return target with { PeerInode = BinaryPrimitives.ReadUInt64LittleEndian(rest), UnixPath = rest.Slice(10, length).ToArray() };
        }
        if (target.Family == (ushort)KernelConstants.AF_NETLINK && rest.Length >= 4)
            return target with { NetlinkPortId = BinaryPrimitives.ReadUInt32LittleEndian(rest) };
        return target;
    }
}
