namespace Sysrec.Decoding;

/// <summary>
/// A process's fds and cwd, shared by the tasks that share their fd table (threads, CLONE_FILES). The cwd
/// goes with the table: threads share both, a fork copies both (a task that shares only one of them,
/// with CLONE_FS or CLONE_FILES alone, is not told apart).
/// </summary>
internal sealed class FdTable
{
    private readonly Dictionary<int, FdSlot> _fds;
    private byte[] _cwd = [];
    private byte[]? _cwdText;

    public FdTable() => _fds = [];

    private FdTable(FdTable other)
    {
        _fds = new Dictionary<int, FdSlot>(other._fds);
        _cwd = other._cwd;
        _cwdText = other._cwdText;
    }

    /// <summary>The cwd's absolute path; empty when not known.</summary>
    public byte[] Cwd
    {
        get => _cwd;
        set
        {
            _cwd = value;
            _cwdText = null;
        }
    }

    /// <summary>The -yy text after AT_FDCWD: <c>&lt;/tmp&gt;</c>.</summary>
    public ReadOnlySpan<byte> CwdText => _cwd.Length == 0 ? default : _cwdText ??= FileDescription.ForPath(_cwd).Text.ToArray();

    public int Count => _fds.Count;

    public IEnumerable<KeyValuePair<int, FdSlot>> Fds => _fds;

    public bool TryGet(int fd, out FdSlot slot) => _fds.TryGetValue(fd, out slot);

    public void Set(int fd, FileDescription file, bool closeOnExec) => _fds[fd] = new FdSlot(file, closeOnExec);

    public void SetCloseOnExec(int fd, bool closeOnExec)
    {
        if (_fds.TryGetValue(fd, out FdSlot slot))
            _fds[fd] = slot with { CloseOnExec = closeOnExec };
    }

    public void Remove(int fd) => _fds.Remove(fd);

    /// <summary>A copy for a fork or an unshare: the same open files, each fd its own.</summary>
    public FdTable Copy() => new(this);

    /// <summary>What exec does: the fds marked close-on-exec are closed.</summary>
    public void CloseOnExec()
    {
        foreach ((int fd, FdSlot slot) in _fds)
        {
            if (slot.CloseOnExec)
                _fds.Remove(fd);
        }
    }
}
