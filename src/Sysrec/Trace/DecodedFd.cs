namespace Sysrec.Trace;

/// <summary>
/// An fd of a decoded call, as the recorder's fd table named it: <see cref="Type"/> <c>file</c>,
/// <c>chardev</c>, <c>blockdev</c>, <c>pipe</c>, <c>socket</c>, <c>anon_inode</c>, <c>pidfd</c>,
/// <c>other</c>, <c>cwd</c> (AT_FDCWD), or null when the recorder did not know it. Each property is null
/// when the fd's kind has no such thing.
/// </summary>
internal sealed record DecodedFd(int Fd, string? Type)
{
    /// <summary>A file's, device's or cwd's absolute path, or a unix socket's bound path (an abstract one starts with a NUL byte): the kernel's bytes.</summary>
    public byte[]? Path { get; init; }

    /// <summary>A socket's protocol as strace names it: <c>TCP</c>, <c>UDPv6</c>, <c>UNIX-STREAM</c>, <c>NETLINK</c>.</summary>
    public string? Proto { get; init; }

    /// <summary>An inet socket's local end, <c>127.0.0.1:40000</c> or <c>[::1]:80</c>, once bound or connected.</summary>
    public string? Src { get; init; }

    /// <summary>An inet socket's peer, once connected.</summary>
    public string? Dst { get; init; }

    /// <summary>A pipe's or socket's inode.</summary>
    public ulong? Inode { get; init; }

    /// <summary>A unix socket's peer's inode.</summary>
    public ulong? PeerInode { get; init; }

    /// <summary>An anonymous inode's name (<c>[eventpoll]</c>), or another kind's name as the kernel gives it.</summary>
    public string? Name { get; init; }

    public uint? Major { get; init; }

    public uint? Minor { get; init; }

    /// <summary>A pidfd's process.</summary>
    public int? Pid { get; init; }

    /// <summary>The file was unlinked while open.</summary>
    public bool Deleted { get; init; }

    /// <summary>The path as text (<see cref="CommText.Escape"/>'s), or null.</summary>
    public string? PathText => Path is null ? null : CommText.Escape(Path);

    /// <summary>
    /// What strace -yy prints between the angle brackets after the fd: <c>/etc/passwd</c>,
    /// <c>TCP:[127.0.0.1:40000-&gt;127.0.0.1:80]</c>, <c>pipe:[23411]</c>, <c>anon_inode:[eventpoll]</c>; null
    /// for an fd the recorder did not know.
    /// </summary>
    public string? Target => Type switch
    {
        "file" or "cwd" => PathText + (Deleted ? " (deleted)" : ""),
        "chardev" or "blockdev" => $"{PathText}<{(Type == "chardev" ? "char" : "block")} {Major}:{Minor}>",
        "pipe" => $"pipe:[{Inode}]",
        "socket" when Src is not null => $"{Proto}:[{Src}{(Dst is null ? "" : "->" + Dst)}]",
        "socket" when Proto is not null && PeerInode is not null => $"{Proto}:[{Inode}->{PeerInode}{(Path is null ? "" : $",\"{PathText}\"")}]",
        "socket" => $"{Proto ?? "socket"}:[{Inode}]",
        "anon_inode" => $"anon_inode:{Name}",
        "pidfd" => $"pid:{Pid}",
        "other" => Name,
        _ => null,
    };
}
