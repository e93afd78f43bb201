using System.Text;

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

    private readonly Dictionary<string, string> _directories = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="path"/> made absolute against <paramref name="directory"/> (an absolute path), without
    /// looking at the file system: empty and <c>.</c> components dropped, <c>..</c> kept for
    /// <see cref="Resolve"/> to take after the symlinks before it, as the kernel does.
    /// </summary>
    public static byte[] Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path)
    {
        byte[] joined = new byte[JoinedLength(directory, path)];
        return joined[..Join(directory, path, joined)];
    }

    /// <summary>The room <see cref="Join(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> needs at most.</summary>
    public static int JoinedLength(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path) => directory.Length + path.Length + 2;

    /// <summary>As <see cref="Join(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, into <paramref name="destination"/>; returns the length.</summary>
    public static int Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        int length = 0;
        if (path.IsEmpty || path[0] != '/')
            length = AddParts(destination, length, directory);
        length = AddParts(destination, length, path);
        if (length == 0)
            destination[length++] = (byte)'/';
        return length;
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
        return Encoding.UTF8.GetBytes(Walk(resolved + "/" + path[(slash + 1)..], followLinks: true));
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
            string? target = followLinks && links < SymlinkLimit ? LinkTarget("/" + string.Join('/', resolved.Append(part))) : null;
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

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int AddParts(Span<byte> joined, int length, ReadOnlySpan<byte> path)
    {
        foreach (Range range in path.Split((byte)'/'))
        {
            ReadOnlySpan<byte> part = path[range];
            if (part.IsEmpty || part.SequenceEqual("."u8))
                continue;
            joined[length++] = (byte)'/';
            part.CopyTo(joined[length..]);
            length += part.Length;
        }
        return length;
    }
}
