using System.Buffers.Binary;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// Builds one side's captures in the layout the kernel sends (see CaptureKind), as the tests' stand-in
/// for the kernel: items of a 12-byte header and a payload, each at a multiple of 8.
/// </summary>
internal sealed class CaptureBuilder
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public CaptureBuilder Add(int argument, CaptureKind kind, ReadOnlySpan<byte> payload, long fullLength, CaptureFlags flags = CaptureFlags.None, int element = 0)
    {
        while (_bytes.Count % 8 != 0)
            _bytes.Add(0);
        Span<byte> header = stackalloc byte[CaptureSet.HeaderSize];
        header[0] = (byte)argument;
        header[1] = (byte)kind;
        header[2] = (byte)flags;
        header[3] = (byte)element;
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)Math.Min(fullLength, uint.MaxValue));
        _bytes.AddRange(header);
        _bytes.AddRange(payload);
        return this;
    }

    public CaptureBuilder String(int argument, ReadOnlySpan<byte> text, bool truncated = false) =>
        Add(argument, CaptureKind.String, text, text.Length, truncated ? CaptureFlags.Truncated : CaptureFlags.None);

    public CaptureBuilder String(int argument, string text) => String(argument, System.Text.Encoding.UTF8.GetBytes(text));

    public CaptureBuilder Bytes(int argument, ReadOnlySpan<byte> data, long fullLength = -1) =>
        Add(argument, CaptureKind.Bytes, data, fullLength < 0 ? data.Length : fullLength, fullLength > data.Length ? CaptureFlags.Truncated : CaptureFlags.None);

    public CaptureBuilder Unreadable(int argument, CaptureKind kind) => Add(argument, kind, [], 0, CaptureFlags.Unreadable);

    public CaptureBuilder Int(int argument, int value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(data, value);
        return Bytes(argument, data);
    }

    /// <summary>A StringArray: the count, then each string with its length and TRUNCATED flag.</summary>
    public CaptureBuilder Strings(int argument, int count, IEnumerable<(byte[] Text, bool Truncated)> strings)
    {
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes((uint)count));
        foreach ((byte[] text, bool truncated) in strings)
        {
            payload.AddRange(BitConverter.GetBytes((ushort)text.Length));
            payload.Add((byte)(truncated ? CaptureFlags.Truncated : CaptureFlags.None));
            payload.Add(0);
            payload.AddRange(text);
        }
        return Add(argument, CaptureKind.StringArray, [.. payload], payload.Count);
    }

    public CaptureBuilder Iovecs(int argument, IReadOnlyList<(ulong Base, ulong Length, byte[] Data)> iovecs, int count = -1) =>
        Add(argument, CaptureKind.Iovec, IovecPayload(iovecs, count), 0);

    public static byte[] IovecPayload(IReadOnlyList<(ulong Base, ulong Length, byte[] Data)> iovecs, int count = -1)
    {
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes((uint)(count < 0 ? iovecs.Count : count)));
        payload.AddRange(BitConverter.GetBytes((uint)iovecs.Count));
        foreach ((ulong iovBase, ulong length, byte[] data) in iovecs)
        {
            payload.AddRange(BitConverter.GetBytes(iovBase));
            payload.AddRange(BitConverter.GetBytes(length));
            payload.AddRange(BitConverter.GetBytes((uint)data.Length));
            payload.AddRange(new byte[4]);
            payload.AddRange(data);
        }
        return [.. payload];
    }

    /// <summary>A Msghdr payload: the fields widened, the name and control bytes, then the iovecs.</summary>
    public CaptureBuilder Msghdr(int argument, byte[] name, ulong nameAddress, uint flags, IReadOnlyList<(ulong Base, ulong Length, byte[] Data)> iovecs,
        ulong iovecCount, byte[] control, ulong controlAddress, ulong controlLength)
    {
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(nameAddress));
        payload.AddRange(BitConverter.GetBytes((uint)name.Length));
        payload.AddRange(BitConverter.GetBytes(flags));
        payload.AddRange(BitConverter.GetBytes(0x1000UL));
        payload.AddRange(BitConverter.GetBytes(iovecCount));
        payload.AddRange(BitConverter.GetBytes(controlAddress));
        payload.AddRange(BitConverter.GetBytes(controlLength));
        payload.AddRange(BitConverter.GetBytes((ushort)name.Length));
        payload.AddRange(BitConverter.GetBytes((ushort)control.Length));
        payload.AddRange(new byte[4]);
        payload.AddRange(name);
        payload.AddRange(control);
        while (payload.Count % 8 != 0)
            payload.Add(0);
        payload.AddRange(IovecPayload(iovecs, (int)iovecCount));
        return Add(argument, CaptureKind.Msghdr, [.. payload], payload.Count);
    }

    /// <summary>An FdTarget payload: the inode and mode, and a socket's family, type, protocol and ends.</summary>
    public CaptureBuilder FdTarget(int argument, FdTarget target, int element = 0)
    {
        var payload = new List<byte>();
        payload.AddRange(BitConverter.GetBytes(target.Inode));
        payload.AddRange(BitConverter.GetBytes(target.Mode));
        payload.AddRange(BitConverter.GetBytes(target.Rdev));
        payload.AddRange(BitConverter.GetBytes(target.Family));
        payload.AddRange(BitConverter.GetBytes(target.Type));
        payload.AddRange(BitConverter.GetBytes(target.Protocol));
        payload.AddRange(new byte[2]);
        if (target.Family is 2 or 10)
        {
            payload.AddRange(Padded(target.Local, 16));
            payload.AddRange(Padded(target.Peer, 16));
            payload.AddRange(BitConverter.GetBytes(target.LocalPort));
            payload.AddRange(BitConverter.GetBytes(target.PeerPort));
        }
        else if (target.Family == 1)
        {
            payload.AddRange(BitConverter.GetBytes(target.PeerInode));
            payload.AddRange(BitConverter.GetBytes((ushort)target.UnixPath.Length));
            payload.AddRange(target.UnixPath);
        }
        else if (target.Family == 16)
            payload.AddRange(BitConverter.GetBytes(target.NetlinkPortId));
        return Add(argument, CaptureKind.FdTarget, [.. payload], payload.Count, element: element);
    }

    private static byte[] Padded(byte[] bytes, int length)
    {
        var padded = new byte[length];
        bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(padded);
        return padded;
    }
}
