using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// The path of each cgroup v2 id a recording meets, below the hierarchy's root as /proc/PID/cgroup writes
/// it (<c>/system.slice/nginx.service</c>, <c>/</c> for the root): asked of the kernel once per id, which
/// opens the cgroup's directory by its id, and kept for the recording's life, so that the records read after
/// the cgroup was removed still name it. An id found nowhere (the v2 hierarchy is not mounted, or the cgroup
/// was gone before its first record was read) has an empty path.
/// </summary>
internal sealed class CgroupPaths : IDisposable
{
    /// <summary>The longest path kept: PATH_MAX less the mount point's part, cut here, which no cgroup tree reaches.</summary>
    public const int MaxLength = 4095;

    private readonly Dictionary<ulong, byte[]> _paths = [];
    private readonly SafeFileHandle? _mount;
    private readonly byte[] _mountPath;
    private readonly byte[] _link = new byte[4096 + 1];
    private ulong _lastId;
    private byte[] _lastPath = [];

    private CgroupPaths(string? mountPath)
    {
        _mountPath = Encoding.UTF8.GetBytes(mountPath ?? "");
        if (mountPath is null)
            return;
        _mount = Interop.Libc.Open(mountPath, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC, 0);
        if (_mount.IsInvalid)
        {
            _mount.Dispose();
            _mount = null;
        }
    }

    /// <summary>The paths of this machine's v2 hierarchy, wherever /proc/mounts says it is.</summary>
    public static CgroupPaths OfThisMachine() => new(CgroupMount.Find());

    /// <summary>The path of <paramref name="id"/>, empty when it is unknown.</summary>
    public ReadOnlySpan<byte> PathOf(ulong id)
    {
        // A run of records mostly comes from one cgroup.
        if (id == _lastId)
            return _lastPath;
        if (!_paths.TryGetValue(id, out byte[]? path))
        {
            path = Resolve(id);
            _paths.Add(id, path);
        }
        _lastId = id;
        _lastPath = path;
        return path;
    }

    /// <summary>Records a path known otherwise (a cgroup selected by --cgroup, resolved before it could go).</summary>
    public void Remember(ulong id, string path) => _paths.TryAdd(id, Encoding.UTF8.GetBytes(path)[..Math.Min(MaxLength, Encoding.UTF8.GetByteCount(path))]);

    private byte[] Resolve(ulong id)
    {
        if (_mount is null || id == 0)
            return [];
        var handle = new Interop.Libc.KernfsFileHandle { handle_bytes = sizeof(ulong), handle_type = Interop.Libc.FILEID_KERNFS, id = id };
        using SafeFileHandle directory = Interop.Libc.OpenByHandleAt(_mount, handle, Interop.Libc.O_PATH | Interop.Libc.O_CLOEXEC);
        if (directory.IsInvalid)
            return [];
        nint length = Interop.Libc.ReadLink($"/proc/self/fd/{directory.DangerousGetHandle()}", _link);
        if (length <= 0 || length >= _link.Length)
            return [];
        ReadOnlySpan<byte> full = _link.AsSpan(0, (int)length);
        if (!full.StartsWith(_mountPath))
            return [];
        ReadOnlySpan<byte> below = full[_mountPath.Length..];
        if (below.IsEmpty)
            return "/"u8.ToArray();
        return below[0] == (byte)'/' ? below[..Math.Min(below.Length, MaxLength)].ToArray() : [];
    }

    public void Dispose() => _mount?.Dispose();
}
