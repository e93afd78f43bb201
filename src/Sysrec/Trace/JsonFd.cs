using Sysrec.Decoding;

namespace Sysrec.Trace;

/// <summary>
/// An fd as a jsonl <c>decoded</c> value, from what the fd table knows of it:
/// <c>{"fd":3,"type":"file","path":"/etc/passwd"}</c>, <c>{"fd":4,"type":"socket","proto":"TCP","src":"127.0.0.1:40000","dst":"127.0.0.1:80"}</c>,
/// <c>{"fd":5,"type":"pipe","inode":23411}</c>, <c>{"fd":-100,"type":"cwd","path":"/tmp"}</c>; <c>{"fd":9}</c>
/// alone for one the table does not know, as strace prints its number alone.
/// </summary>
internal static class JsonFd
{
    public static void Write(ref Utf8SpanWriter writer, FdTracker descriptors, int tid, int fd)
    {
        writer.Append("{\"fd\":"u8);
        writer.AppendDecimal((long)fd);
        if (fd >= 0 && descriptors.DescriptionOf(tid, fd) is FileDescription file)
            WriteFile(ref writer, file);
        writer.Append((byte)'}');
    }

    /// <summary>A dirfd: AT_FDCWD as the cwd, any other as an fd.</summary>
    public static void WriteDirfd(ref Utf8SpanWriter writer, FdTracker descriptors, int tid, int fd)
    {
        if (fd != (int)KernelConstants.AT_FDCWD)
        {
            Write(ref writer, descriptors, tid, fd);
            return;
        }
        writer.Append("{\"fd\":"u8);
        writer.AppendDecimal((long)fd);
        writer.Append(",\"type\":\"cwd\""u8);
        ReadOnlySpan<byte> cwd = descriptors.CwdOf(tid);
        if (!cwd.IsEmpty)
            Field(ref writer, "path"u8, cwd);
        writer.Append((byte)'}');
    }

    private static void WriteFile(ref Utf8SpanWriter writer, FileDescription file)
    {
        switch (file.Kind)
        {
            case FileKind.Path:
                writer.Append(",\"type\":\"file\""u8);
                Field(ref writer, "path"u8, file.Path);
                break;
            case FileKind.CharDevice or FileKind.BlockDevice:
                writer.Append(file.Kind == FileKind.CharDevice ? ",\"type\":\"chardev\""u8 : ",\"type\":\"blockdev\""u8);
                Field(ref writer, "path"u8, file.Path);
                writer.Append(",\"major\":"u8);
                writer.AppendDecimal((ulong)file.Major);
                writer.Append(",\"minor\":"u8);
                writer.AppendDecimal((ulong)file.Minor);
                break;
            case FileKind.Pipe:
                writer.Append(",\"type\":\"pipe\",\"inode\":"u8);
                writer.AppendDecimal(file.Inode);
                break;
            case FileKind.Socket:
                WriteSocket(ref writer, file.Socket!);
                break;
            case FileKind.Pidfd:
                writer.Append(",\"type\":\"pidfd\",\"pid\":"u8);
                writer.AppendDecimal((long)file.ProcessId);
                break;
            default:
                ReadOnlySpan<byte> name = file.Name;
                bool anonymous = name.StartsWith("anon_inode:"u8);
                writer.Append(anonymous ? ",\"type\":\"anon_inode\""u8 : ",\"type\":\"other\""u8);
                Field(ref writer, "name"u8, anonymous ? name["anon_inode:".Length..] : name);
                break;
        }
        if (file.Deleted)
            writer.Append(",\"deleted\":true"u8);
    }

    private static void WriteSocket(ref Utf8SpanWriter writer, FdTarget socket)
    {
        writer.Append(",\"type\":\"socket\""u8);
        ReadOnlySpan<byte> protocol = SocketText.ProtocolName(socket);
        if (!protocol.IsEmpty)
            Field(ref writer, "proto"u8, protocol);
        writer.Append(",\"inode\":"u8);
        writer.AppendDecimal(socket.Inode);
        if (socket.Family is (ushort)KernelConstants.AF_INET or (ushort)KernelConstants.AF_INET6 && SocketText.HasDetails(socket))
        {
            bool six = socket.Family == (ushort)KernelConstants.AF_INET6;
            writer.Append(",\"src\":\""u8);
            SocketText.WriteEnd(ref writer, socket.Local, socket.LocalPort, six);
            writer.Append((byte)'"');
            if (SocketText.HasPeer(socket))
            {
                writer.Append(",\"dst\":\""u8);
                SocketText.WriteEnd(ref writer, socket.Peer, socket.PeerPort, six);
                writer.Append((byte)'"');
            }
        }
        else if (socket.Family == (ushort)KernelConstants.AF_UNIX)
        {
            if (socket.PeerInode != 0)
            {
                writer.Append(",\"peer_inode\":"u8);
                writer.AppendDecimal(socket.PeerInode);
            }
            ReadOnlySpan<byte> path = socket.UnixPath;
            int end = path.Length == 0 ? -1 : path[1..].IndexOf((byte)0) + 1;
            if (!path.IsEmpty)
                Field(ref writer, "path"u8, end > 0 ? path[..end] : path);
        }
    }

    private static void Field(ref Utf8SpanWriter writer, ReadOnlySpan<byte> key, scoped ReadOnlySpan<byte> bytes)
    {
        writer.Append(",\""u8);
        writer.Append(key);
        writer.Append("\":"u8);
        JsonText.WriteString(ref writer, bytes);
    }
}
