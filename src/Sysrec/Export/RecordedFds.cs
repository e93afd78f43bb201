using System.Net;
using Sysrec.Decoding;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// What a jsonl recording's <c>decoded</c> objects do not say of an fd but sysdig names it by, kept from
/// the call that made it: the path an open named before its symlinks were resolved (sysdig's name for the
/// fd) and its flags (O_DIRECTORY makes it sysdig's <c>d</c>), and whether accept made a socket (its peer
/// is named first). Kept per process and fd, and used only while the recorder still names the fd as it
/// named it then: the same path, the same socket inode.
/// </summary>
internal sealed class RecordedFds
{
    private readonly Dictionary<(int Pid, int Fd), Opened> _opened = [];

    /// <summary>The fd as <see cref="SysdigCallRenderer"/> names it; null for one the recorder did not know.</summary>
    public FileDescription? Describe(int pid, DecodedFd fd)
    {
        _opened.TryGetValue((pid, fd.Fd), out Opened? opened);
        switch (fd.Type)
        {
            case "file" when fd.Path is not null:
                return opened is { SocketInode: null } && opened.Path.AsSpan().SequenceEqual(fd.Path)
                    ? FileDescription.ForPath(fd.Path, fd.Deleted, opened.Flags, opened.OpenedAs)
                    : FileDescription.ForPath(fd.Path, fd.Deleted);
            case "chardev" or "blockdev" when fd.Path is not null:
                return FileDescription.ForDevice(fd.Path, fd.Type == "blockdev", fd.Major ?? 0, fd.Minor ?? 0);
            case "pipe":
                return FileDescription.ForPipe(fd.Inode ?? 0);
            case "socket":
                return FileDescription.ForSocket(Socket(fd), accepted: opened is not null && opened.SocketInode == fd.Inode && opened.Accepted);
            case "anon_inode":
                return FileDescription.ForName(System.Text.Encoding.UTF8.GetBytes("anon_inode:" + fd.Name));
            case "other":
                return FileDescription.ForName(System.Text.Encoding.UTF8.GetBytes(fd.Name ?? ""));
            case "pidfd":
                return FileDescription.ForPidfd(fd.Pid ?? 0);
            default:
                return null;
        }
    }

    /// <summary>Keeps what the call did to the process's fds: an fd it opened, accepted or duplicated, or closed.</summary>
    public void Apply(in RecordedSysdigCall call)
    {
        if (!call.Returned || call.Failed || call.Decoded is not DecodedArguments decoded)
            return;
        switch (SyscallTable.Name(call.Abi, call.Number))
        {
            case "open" or "openat" or "creat" when decoded.Return is { Type: "file", Path: byte[] path } made
                && decoded["filename"] is { Kind: DecodedValueKind.String } filename:
                byte[] name = filename.Bytes;
                ReadOnlySpan<byte> directory = decoded["dfd"]?.Fd?.Path ?? call.Cwd;
                if (name.Length > 0 && name[0] != '/' && directory.IsEmpty)
                    return;
                ulong flags = SyscallTable.Name(call.Abi, call.Number) == "creat" ? 0 : call.Arg(SyscallTable.Name(call.Abi, call.Number) == "open" ? 1 : 2) ?? 0;
                _opened[(call.Pid, made.Fd)] = new Opened(path, PathResolver.Join(directory, name), flags, null, false);
                break;
            case "accept" or "accept4" when decoded.Return is { Type: "socket", Inode: ulong inode } accepted:
                _opened[(call.Pid, accepted.Fd)] = new Opened([], [], 0, inode, true);
                break;
            case "dup" or "dup2" or "dup3" when decoded.Return is DecodedFd copy && decoded["fildes"]?.Fd is DecodedFd original
                && _opened.TryGetValue((call.Pid, original.Fd), out Opened? opened):
                _opened[(call.Pid, copy.Fd)] = opened;
                break;
            case "close" when decoded["fd"]?.Fd is DecodedFd closed:
                _opened.Remove((call.Pid, closed.Fd));
                break;
        }
    }

    // A socket from the recorder's protocol name and ends (127.0.0.1:40000, [::1]:80).
    private static FdTarget Socket(DecodedFd fd)
    {
        string proto = fd.Proto ?? "";
        (ushort family, ushort type) = proto switch
        {
            "UNIX-STREAM" => ((ushort)KernelConstants.AF_UNIX, (ushort)KernelConstants.SOCK_STREAM),
            "UNIX" => ((ushort)KernelConstants.AF_UNIX, (ushort)KernelConstants.SOCK_DGRAM),
            "NETLINK" => ((ushort)KernelConstants.AF_NETLINK, (ushort)KernelConstants.SOCK_RAW),
            "" => ((ushort)0, (ushort)0),
            _ => ((ushort)(proto.EndsWith("v6", StringComparison.Ordinal) ? KernelConstants.AF_INET6 : KernelConstants.AF_INET),
                (ushort)(proto.StartsWith("TCP", StringComparison.Ordinal) || proto.StartsWith("SCTP", StringComparison.Ordinal) ? KernelConstants.SOCK_STREAM
                    : proto.StartsWith("RAW", StringComparison.Ordinal) ? KernelConstants.SOCK_RAW : KernelConstants.SOCK_DGRAM)),
        };
        int size = family == (ushort)KernelConstants.AF_INET6 ? 16 : 4;
        (byte[] local, ushort localPort) = End(fd.Src, size);
        (byte[] peer, ushort peerPort) = End(fd.Dst, size);
        return new FdTarget(fd.Inode ?? 0, 0, 0, family, type, 0)
        {
            Local = local,
            LocalPort = localPort,
            Peer = peer,
            PeerPort = peerPort,
            PeerInode = fd.PeerInode ?? 0,
            UnixPath = family == (ushort)KernelConstants.AF_UNIX ? fd.Path ?? [] : [],
        };
    }

    private static (byte[] Address, ushort Port) End(string? end, int size) =>
        end is not null && IPEndPoint.TryParse(end, out IPEndPoint? point) && point.Address.GetAddressBytes() is { } bytes && bytes.Length == size
            ? (bytes, (ushort)point.Port)
            : (new byte[size], (ushort)0);

    private sealed record Opened(byte[] Path, byte[] OpenedAs, ulong Flags, ulong? SocketInode, bool Accepted);
}
