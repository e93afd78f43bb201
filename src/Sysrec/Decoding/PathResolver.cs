using System.Buffers;
using System.Text;
using Sysrec.IO;

namespace Sysrec.Decoding;

/// <summary>
/// Paths as the kernel names an open file (what strace -yy reads from /proc/PID/fd/N): absolute, with
/// every symlink resolved, so <c>/lib/x86_64-linux-gnu/libc.so.6</c> is <c>/usr/lib/x86_64-linux-gnu/libc.so.6</c>.
/// The recorder sees a call after it happened, so it resolves the path the call named, as realpath does;
/// a path that is gone (or not UTF-8, which System.IO cannot name) keeps its lexical form. The
/// directories it resolved are cached (a symlink changed later is not seen).
/// </summary>
internal sealed class PathResolver
{
    private const int CacheLimit = 8192;
    private const int SymlinkLimit = 40;

    private const int StackBytes = 1024;

    private readonly Dictionary<string, string> _directories = new(StringComparer.Ordinal);
    // The files opened before: the absolute path an open named, the inode it opened and what the path resolved to.
    private readonly Dictionary<byte[], (ulong Inode, byte[] Resolved)> _opened = new(ByteArrayComparer.Instance);

    /// <summary>
    /// <paramref name="path"/> made absolute against <paramref name="directory"/> (an absolute path), without
    /// looking at the file system: empty and <c>.</c> components dropped, <c>..</c> kept for
    /// <see cref="Resolve"/> to take after the symlinks before it, as the kernel does.
    /// </summary>
    public static byte[] Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path)
    {
        var joined = new byte[JoinedLength(directory, path)];
        return joined.AsSpan(0, Join(directory, path, joined)).ToArray();
    }

    /// <summary>
    /// An open's path made absolute (<see cref="Join"/>) and resolved (<see cref="Resolve"/>), knowing the
    /// inode it opened: a path that opens the inode it opened before resolves as it did then, without the
    /// readlinks, for programs open the same files again and again. The arrays are shared: never change them.
    /// </summary>
    public (byte[] Joined, byte[] Resolved) ResolveOpened(int pid, ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path, ulong inode)
    {
        int bound = JoinedLength(directory, path);
        byte[]? rented = bound > StackBytes ? ArrayPool<byte>.Shared.Rent(bound) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackBytes];
        try
        {
            ReadOnlySpan<byte> joined = buffer[..Join(directory, path, buffer)];
            var opened = _opened.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (inode != 0 && opened.TryGetValue(joined, out byte[]? known, out (ulong Inode, byte[] Resolved) file) && file.Inode == inode)
                return (known, file.Resolved);
            byte[] absolute = joined.ToArray();
            byte[] resolved = Resolve(pid, absolute);
            // A /proc path names another file in each process.
            if (inode != 0 && !joined.StartsWith("/proc/"u8))
            {
                if (_opened.Count >= CacheLimit)
                    _opened.Clear();
                _opened[absolute] = (inode, resolved);
            }
            return (absolute, resolved);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The path <paramref name="pid"/> named, resolved as the kernel resolved it (its /proc/self is its own).</summary>
    public byte[] Resolve(int pid, byte[] absolute)
    {
        string path;
        try
        {
            path = Strict.GetString(absolute);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetBytes(Walk(Encoding.Latin1.GetString(absolute), followLinks: false));
        }
        if (path == "/proc/self" || path.StartsWith("/proc/self/", StringComparison.Ordinal))
            path = $"/proc/{pid}" + path["/proc/self".Length..];
        int slash = path.LastIndexOf('/');
        string directory = slash <= 0 ? "/" : path[..slash];
        if (!_directories.TryGetValue(directory, out string? resolved))
        {
            resolved = Walk(directory, followLinks: true);
            if (_directories.Count >= CacheLimit)
                _directories.Clear();
            _directories[directory] = resolved;
        }
        string name = path[(slash + 1)..];
        string file = resolved == "/" ? "/" + name : resolved + "/" + name;
        // The directory has no symlinks left: only the last component can be one (the commonest case by far
        // being a file that is not), which saves a readlink for each component before it.
        if (name is "" or "." or ".." || TransientFiles.LinkTarget(file) is not null)
            file = Walk(file, followLinks: true);
        return Encoding.UTF8.GetBytes(file);
    }

    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    // realpath's walk, component by component; a component that is missing is kept as it is.
    private static string Walk(string path, bool followLinks)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        int links = 0;
        while (pending.TryPop(out string? part))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            string? target = followLinks && links < SymlinkLimit ? TransientFiles.LinkTarget("/" + string.Join('/', resolved.Append(part))) : null;
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            links++;
            if (target.StartsWith('/'))
                resolved.Clear();
            foreach (string piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(piece);
        }
        return "/" + string.Join('/', resolved);
    }

    /// <summary>The room <see cref="Join(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> needs at most: every part gets a slash before it; "/" alone for none.</summary>
    public static int JoinedLength(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path) => directory.Length + path.Length + 2;

    /// <summary>As <see cref="Join(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, into <paramref name="destination"/> of <see cref="JoinedLength"/> bytes; returns the length.</summary>
    public static int Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        int length = path.IsEmpty || path[0] != '/' ? AddParts(destination, 0, directory) : 0;
        length = AddParts(destination, length, path);
        if (length > 0)
            return length;
        destination[0] = (byte)'/';
        return 1;
    }

    private static int AddParts(Span<byte> destination, int length, ReadOnlySpan<byte> path)
    {
        foreach (Range range in path.Split((byte)'/'))
        {
            ReadOnlySpan<byte> part = path[range];
            if (part.IsEmpty || part.SequenceEqual("."u8))
                continue;
            destination[length++] = (byte)'/';
            part.CopyTo(destination[length..]);
            length += part.Length;
        }
        return length;
    }
}
