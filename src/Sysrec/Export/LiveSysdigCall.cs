using System.Buffers.Binary;
using Sysrec.Decoding;
using Sysrec.Syscalls;

namespace Sysrec.Export;

/// <summary>
/// A call being recorded, for <see cref="SysdigCallRenderer"/>: its captures, and the fd table as it is
/// when asked (before the call is applied to it for the entry line, after for the exit line).
/// </summary>
internal readonly ref struct LiveSysdigCall(DecodedCall call, FdTracker descriptors) : ISysdigCall
{
    private readonly DecodedCall _call = call;

    public SyscallAbi Abi => _call.Abi;

    public int Number => _call.Number;

    public int Pid => _call.Pid;

    public int Tid => _call.Tid;

    public bool Returned => _call.Returned;

    public long Ret => _call.Ret;

    public bool Failed => _call.Failed;

    public ReadOnlySpan<byte> Cwd => descriptors.CwdOf(_call.Tid);

    public ulong? Arg(int index) => _call.Arg(index);

    public bool TryString(int argument, out ReadOnlySpan<byte> text)
    {
        bool read = _call.AtEntry.TryGet(argument, out Capture path) && !path.Unreadable && path.Kind == CaptureKind.String;
        text = read ? path.Data : default;
        return read;
    }

    public bool TryBuffer(int argument, out ReadOnlySpan<byte> data)
    {
        // read's buffer is read at its exit, write's at its entry.
        bool read = (_call.AtExit.TryGet(argument, out Capture buffer) && buffer.Kind == CaptureKind.Bytes)
            || (_call.AtEntry.TryGet(argument, out buffer) && buffer.Kind == CaptureKind.Bytes);
        read &= !buffer.Unreadable;
        data = read ? buffer.Data : default;
        return read;
    }

    public bool TryFdPair(int argument, out int first, out int second)
    {
        first = second = -1;
        if (!_call.AtExit.TryGet(argument, out Capture fds) || fds.Kind != CaptureKind.Array || fds.Unreadable || fds.Data.Length < 8)
            return false;
        first = BinaryPrimitives.ReadInt32LittleEndian(fds.Data);
        second = BinaryPrimitives.ReadInt32LittleEndian(fds.Data[4..]);
        return true;
    }

    public ReadOnlySpan<byte> FirstString(int argument)
    {
        if (!_call.AtEntry.TryGet(argument, out Capture strings) || strings.Unreadable || strings.Kind != CaptureKind.StringArray || strings.Data.Length < 8)
            return default;
        ReadOnlySpan<byte> data = strings.Data;
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) == 0)
            return default;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        bool truncated = ((CaptureFlags)data[6] & CaptureFlags.Truncated) != 0;
        return !truncated && 8 + length <= data.Length ? data.Slice(8, length) : default;
    }

    public FileDescription? File(int fd) => descriptors.DescriptionOf(_call.Tid, fd);

}
