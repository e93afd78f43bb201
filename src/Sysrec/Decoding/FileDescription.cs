using System.Runtime.CompilerServices;

namespace Sysrec.Decoding;

/// <summary>
/// One open file, shared by the fds that dup made of it, and the text strace -yy prints after its fd
/// (<c>&lt;/etc/passwd&gt;</c>), built when it changes. A socket's text follows strace's socket cache: once
/// printed as the kernel's diagnostics listed it (a unix socket at once, an inet one once bound or
/// connected) it stays as it was, for strace looks an inode up only until it is found.
/// </summary>
internal sealed class FileDescription
{
    private byte[]? _text;
    private bool _frozen;

    private FileDescription(FileKind kind) => Kind = kind;

    public FileKind Kind { get; private set; }

    /// <summary>The absolute path of a file, directory, device or memfd (<c>/memfd:name</c>), as the kernel names it.</summary>
    public byte[] Path { get; private set; } = [];

    /// <summary>The file was unlinked while open: strace prints <c>(deleted)</c> after it.</summary>
    public bool Deleted { get; private set; }

    public uint Major { get; private set; }

    public uint Minor { get; private set; }

    public ulong Inode { get; private set; }

    /// <summary>A named kind's text (<c>anon_inode:[eventfd]</c>, <c>socket:[5]</c>) or a pidfd's process.</summary>
    public byte[] Name { get; private set; } = [];

    public int ProcessId { get; private set; }

    public FdTarget? Socket { get; private set; }

    /// <summary>The flags open or openat made a file's fd with (0 when it was not opened so, or was seeded from /proc).</summary>
    public ulong OpenFlags { get; private init; }

    /// <summary>The absolute path open or openat named, before its symlinks were resolved; <see cref="Path"/> for the rest.</summary>
    public byte[] OpenedAs { get; private set; } = [];

    /// <summary>A socket accept made: its peer is the end that connected, which sysdig names first.</summary>
    public bool Accepted { get; private init; }

    /// <param name="openedAs">The absolute path the call named, symlinks and all (sysdig names an fd so); the path itself when null.</param>
    public static FileDescription ForPath(byte[] path, bool deleted = false, ulong openFlags = 0, byte[]? openedAs = null) =>
        new(FileKind.Path) { Path = path, Deleted = deleted, OpenFlags = openFlags, OpenedAs = openedAs ?? path };

    public static FileDescription ForDevice(byte[] path, bool block, uint major, uint minor) =>
        new(block ? FileKind.BlockDevice : FileKind.CharDevice) { Path = path, Major = major, Minor = minor };

    public static FileDescription ForPipe(ulong inode) => new(FileKind.Pipe) { Inode = inode };

    public static FileDescription ForSocket(FdTarget socket, bool accepted = false) =>
        new(FileKind.Socket) { Socket = socket, Inode = socket.Inode, Accepted = accepted };

    public static FileDescription ForName(ReadOnlySpan<byte> name) => new(FileKind.Named) { Name = name.ToArray() };

    public static FileDescription ForPidfd(int pid) => new(FileKind.Pidfd) { ProcessId = pid };

    /// <summary>The text after the fd's number: <c>&lt;/etc/passwd&gt;</c>.</summary>
    public ReadOnlySpan<byte> Text
    {
        get
        {
            if (_text is null)
            {
                _text = Render();
                _frozen = Kind == FileKind.Socket && HasSocketDetails(Socket!);
            }
            return _text;
        }
    }

    /// <summary>What the kernel says the socket is now (after bind, connect, accept), unless strace would still print what it printed first.</summary>
    public void UpdateSocket(FdTarget socket)
    {
        if (_frozen || socket.Family == 0)
            return;
        Socket = socket;
        Inode = socket.Inode;
        _text = null;
    }

    /// <summary>A rename moved the file: its path is now <paramref name="path"/>.</summary>
    public void Rename(byte[] path)
    {
        Path = path;
        OpenedAs = path;
        _text = null;
    }

    public void MarkDeleted()
    {
        Deleted = true;
        _text = null;
    }

    // Not zeroed first: the writer sets every byte it hands back.
    [SkipLocalsInit]
    private byte[] Render()
    {
        Span<byte> buffer = stackalloc byte[16 * 1024];
        var writer = new Utf8SpanWriter(buffer);
        writer.Append((byte)'<');
        switch (Kind)
        {
            case FileKind.Path:
                StraceText.WriteQuoted(ref writer, Path, QuoteStyle.InAngleBrackets);
                break;
            case FileKind.CharDevice or FileKind.BlockDevice:
                StraceText.WriteQuoted(ref writer, Path, QuoteStyle.InAngleBrackets);
                writer.Append(Kind == FileKind.CharDevice ? "<char "u8 : "<block "u8);
                writer.AppendDecimal((ulong)Major);
                writer.Append((byte)':');
                writer.AppendDecimal((ulong)Minor);
                writer.Append((byte)'>');
                break;
            case FileKind.Pipe:
                writer.Append("pipe:["u8);
                writer.AppendDecimal(Inode);
                writer.Append((byte)']');
                break;
            case FileKind.Socket:
                SocketText.Write(ref writer, Socket!);
                break;
            case FileKind.Pidfd:
                writer.Append("pid:"u8);
                writer.AppendDecimal((long)ProcessId);
                break;
            default:
                writer.Append(Name);
                break;
        }
        writer.Append((byte)'>');
        if (Deleted)
            writer.Append("(deleted)"u8);
        return writer.Overflowed ? "<?>"u8.ToArray() : writer.Written.ToArray();
    }

    private static bool HasSocketDetails(FdTarget socket) => SocketText.HasDetails(socket);
}
