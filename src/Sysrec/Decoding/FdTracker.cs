using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>
/// The fd tables of the traced processes, as strace -yy would name their fds: kept from the calls that
/// make, duplicate, change and close fds (<see cref="FdEffect"/>), from forks (a thread or a CLONE_FILES
/// child shares its parent's table, a fork copies it) and exits, seeded from /proc for processes already
/// running. Paths are made absolute against the cwd or the dirfd and resolved as the kernel resolves
/// them; what the kernel read of the new fd (its inode, device numbers, socket ends) comes from the
/// call's FdTarget captures. An fd it does not know is printed as a number alone, as strace prints an
/// fd it cannot look up.
/// </summary>
internal sealed class FdTracker : IFileDescriptors
{
    private readonly Dictionary<int, FdTable> _tasks = [];
    private readonly PathResolver _paths = new();
    // The task looked up last and its table: calls come in runs of one thread's, and each names its fds.
    private int _lastTid = -1;
    private FdTable? _lastTable;

    public ReadOnlySpan<byte> Describe(int tid, int fd) =>
        Find(tid) is FdTable table && table.TryGet(fd, out FdSlot slot) ? slot.File.Text : default;

    public ReadOnlySpan<byte> DescribeCwd(int tid) => Find(tid) is FdTable table ? table.CwdText : default;

    /// <summary>What the fd is, as the table knows it; null when it does not.</summary>
    public FileDescription? DescriptionOf(int tid, int fd) =>
        Find(tid) is FdTable table && table.TryGet(fd, out FdSlot slot) ? slot.File : null;

    /// <summary>The thread's cwd; empty when not known.</summary>
    public ReadOnlySpan<byte> CwdOf(int tid) => Find(tid) is FdTable table ? table.Cwd : default;

    /// <summary>The table of a task, made empty if it has none yet.</summary>
    public FdTable TableOf(int tid)
    {
        if (Find(tid) is not FdTable table)
            Assign(tid, table = new FdTable());
        return table;
    }

    public bool Knows(int tid) => Find(tid) is not null;

    /// <summary>Gives a task the table of a process seeded from /proc, shared by all its threads.</summary>
    public void Adopt(int tid, FdTable table) => Assign(tid, table);

    public void Fork(in ProcessFork fork)
    {
        FdTable parent = TableOf(fork.ParentTid);
        Assign(fork.ChildTid, fork.SharesFiles ? parent : parent.Copy());
    }

    public void Exit(in ProcessExit exit)
    {
        _tasks.Remove(exit.Tid);
        if (exit.Tid == _lastTid)
            (_lastTid, _lastTable) = (-1, null);
    }

    public void Apply(in DecodedCall call)
    {
        FdEffect effect = FdEffects.Of(call.Abi, call.Number);
        if (effect == FdEffect.None || !call.Returned)
            return;
        if (call.Failed)
        {
            // A connect that is in progress has its ends already.
            if (effect == FdEffect.RefreshSocket)
                RefreshSocket(call);
            return;
        }
        FdTable table = TableOf(call.Tid);
        int result = (int)call.Ret;
        switch (effect)
        {
            case FdEffect.Open:
                Open(call, table, result, 0, Directory(table, AtCwd), OpenFlags(call, 1));
                break;
            case FdEffect.OpenAt:
                Open(call, table, result, 1, Directory(table, (int)call.Arg(0)), OpenFlags(call, 2));
                break;
            case FdEffect.MemfdCreate:
                table.Set(result, FileDescription.ForPath([.. "/memfd:"u8, .. PathArgument(call, 0) ?? []], deleted: true), (call.Arg(1) & KernelConstants.MFD_CLOEXEC) != 0);
                break;
            case FdEffect.Socket or FdEffect.Accept:
                if (Target(call, CaptureSet.ReturnValue, 0) is FdTarget socket)
                    table.Set(result, FileDescription.ForSocket(socket, accepted: effect == FdEffect.Accept), (SocketFlags(call, effect) & KernelConstants.SOCK_CLOEXEC) != 0);
                else
                    table.Remove(result);
                break;
            case FdEffect.SocketPair or FdEffect.Pipe:
                MakePair(call, table, effect == FdEffect.Pipe ? 0 : 3, effect);
                break;
            case FdEffect.Eventfd:
                SetNamed(table, result, "anon_inode:[eventfd]"u8, call, 1);
                break;
            case FdEffect.Signalfd:
                if ((int)call.Arg(0) == -1)
                    SetNamed(table, result, "anon_inode:[signalfd]"u8, call, 3);
                break;
            case FdEffect.Timerfd:
                SetNamed(table, result, "anon_inode:[timerfd]"u8, call, 1);
                break;
            case FdEffect.Epoll:
                SetNamed(table, result, "anon_inode:[eventpoll]"u8, call, 0);
                break;
            case FdEffect.Inotify:
                SetNamed(table, result, "anon_inode:inotify"u8, call, 0);
                break;
            case FdEffect.Userfaultfd:
                SetNamed(table, result, "anon_inode:[userfaultfd]"u8, call, 0);
                break;
            case FdEffect.PerfEvent:
                table.Set(result, FileDescription.ForName("anon_inode:[perf_event]"u8), (call.Arg(4) & KernelConstants.PERF_FLAG_FD_CLOEXEC) != 0);
                break;
            case FdEffect.IoUring:
                table.Set(result, FileDescription.ForName("anon_inode:[io_uring]"u8), false);
                break;
            case FdEffect.Fanotify:
                table.Set(result, FileDescription.ForName("anon_inode:[fanotify]"u8), (call.Arg(0) & KernelConstants.FAN_CLOEXEC) != 0);
                break;
            case FdEffect.PidfdOpen:
                table.Set(result, FileDescription.ForPidfd((int)call.Arg(0)), true);
                break;
            case FdEffect.Dup:
                Duplicate(table, (int)call.Arg(0), result, closeOnExec: false);
                break;
            case FdEffect.Dup2:
                Duplicate(table, (int)call.Arg(0), result, closeOnExec: false);
                break;
            case FdEffect.Dup3:
                Duplicate(table, (int)call.Arg(0), result, (call.Arg(2) & KernelConstants.O_CLOEXEC) != 0);
                break;
            case FdEffect.Fcntl:
                Fcntl(call, table, result);
                break;
            case FdEffect.Close:
                table.Remove((int)call.Arg(0));
                break;
            case FdEffect.CloseRange:
                CloseRange(call, table);
                break;
            case FdEffect.Chdir:
                if (PathArgument(call, 0) is byte[] directory)
                    table.Cwd = _paths.Resolve(call.Pid, PathResolver.Join(table.Cwd, directory));
                break;
            case FdEffect.Fchdir:
                if (table.TryGet((int)call.Arg(0), out FdSlot slot) && slot.File.Kind == FileKind.Path)
                    table.Cwd = slot.File.Path;
                break;
            case FdEffect.Exec:
                // exec unshares the fd table, then closes what is marked close-on-exec.
                FdTable own = table.Copy();
                own.CloseOnExec();
                Assign(call.Tid, own);
                break;
            case FdEffect.Unshare:
                if ((call.Arg(0) & KernelConstants.CLONE_FILES) != 0)
                    Assign(call.Tid, table.Copy());
                break;
            case FdEffect.Rename or FdEffect.RenameAt:
                Rename(call, table, effect == FdEffect.RenameAt);
                break;
            case FdEffect.Unlink or FdEffect.UnlinkAt:
                Unlink(call, table, effect == FdEffect.UnlinkAt);
                break;
            case FdEffect.RefreshSocket:
                RefreshSocket(call);
                break;
        }
    }

    private const int AtCwd = (int)KernelConstants.AT_FDCWD;

    private FdTable? Find(int tid)
    {
        if (tid == _lastTid)
            return _lastTable;
        if (!_tasks.TryGetValue(tid, out FdTable? table))
            return null;
        (_lastTid, _lastTable) = (tid, table);
        return table;
    }

    private void Assign(int tid, FdTable table)
    {
        _tasks[tid] = table;
        if (tid == _lastTid)
            _lastTable = table;
    }

    private void Open(in DecodedCall call, FdTable table, int fd, int pathArgument, byte[]? directory, ulong flags)
    {
        FdTarget? target = Target(call, CaptureSet.ReturnValue, 0);
        if (!TryPathArgument(call, pathArgument, out ReadOnlySpan<byte> path) || directory is null)
        {
            table.Remove(fd);
            return;
        }
        (byte[] joined, byte[] resolved) = _paths.ResolveOpened(call.Pid, directory, path, target?.Inode ?? 0);
        bool closeOnExec = (flags & KernelConstants.O_CLOEXEC) != 0;
        uint type = (target?.Mode ?? 0) & (uint)KernelConstants.S_IFMT;
        if (type is (uint)KernelConstants.S_IFCHR or (uint)KernelConstants.S_IFBLK)
            table.Set(fd, FileDescription.ForDevice(resolved, type == (uint)KernelConstants.S_IFBLK, target!.Major, target.Minor), closeOnExec);
        else if ((flags & KernelConstants.__O_TMPFILE) == KernelConstants.__O_TMPFILE && target is not null)
            table.Set(fd, FileDescription.ForPath([.. resolved, .. "/#"u8, .. System.Text.Encoding.ASCII.GetBytes(target.Inode.ToString())], deleted: true), closeOnExec);
        else
            table.Set(fd, FileDescription.ForPath(resolved, openFlags: flags, openedAs: joined), closeOnExec);
    }

    // pipe's and socketpair's two fds, from the int array they filled.
    private static void MakePair(in DecodedCall call, FdTable table, int argument, FdEffect effect)
    {
        if (!call.AtExit.TryGet(argument, out Capture fds) || fds.Unreadable || fds.Data.Length < 8)
            return;
        // pipe2's flags and socketpair's type are both argument 1; pipe has none.
        bool closeOnExec = NameOf(call) != "pipe" && (call.Arg(1) & KernelConstants.O_CLOEXEC) != 0;
        for (int element = 0; element < 2; element++)
        {
            int fd = BinaryPrimitives.ReadInt32LittleEndian(fds.Data[(4 * element)..]);
            FdTarget? target = Target(call, argument, element);
            if (target is null)
                table.Remove(fd);
            else
                table.Set(fd, effect == FdEffect.Pipe ? FileDescription.ForPipe(target.Inode) : FileDescription.ForSocket(target), closeOnExec);
        }
    }

    private static void SetNamed(FdTable table, int fd, ReadOnlySpan<byte> name, in DecodedCall call, int flagsArgument)
    {
        // The first of these calls (eventfd, epoll_create, inotify_init) takes no flags.
        SyscallPrinter? printer = SyscallPrinters.Of(call.Abi, call.Number);
        bool hasFlags = printer is not null && flagsArgument < printer.Arguments.Count && printer.Arguments[flagsArgument].Name == "flags";
        table.Set(fd, FileDescription.ForName(name), hasFlags && (call.Arg(flagsArgument) & KernelConstants.O_CLOEXEC) != 0);
    }

    private static void Duplicate(FdTable table, int from, int to, bool closeOnExec)
    {
        if (from == to)
            return;
        if (table.TryGet(from, out FdSlot slot))
            table.Set(to, slot.File, closeOnExec);
        else
            table.Remove(to);
    }

    private static void Fcntl(in DecodedCall call, FdTable table, int result)
    {
        ulong command = (uint)call.Arg(1);
        int fd = (int)call.Arg(0);
        if (FcntlFormat.Duplicates(command))
            Duplicate(table, fd, result, command == KernelConstants.F_DUPFD_CLOEXEC);
        else if (command == KernelConstants.F_SETFD)
            table.SetCloseOnExec(fd, (call.Arg(2) & KernelConstants.FD_CLOEXEC) != 0);
    }

    private void CloseRange(in DecodedCall call, FdTable table)
    {
        uint first = (uint)call.Arg(0), last = (uint)call.Arg(1);
        ulong flags = call.Arg(2);
        if ((flags & KernelConstants.CLOSE_RANGE_UNSHARE) != 0)
            Assign(call.Tid, table = table.Copy());
        int[] fds = [.. table.Fds.Select(pair => pair.Key).Where(fd => (uint)fd >= first && (uint)fd <= last)];
        foreach (int fd in fds)
        {
            if ((flags & KernelConstants.CLOSE_RANGE_CLOEXEC) != 0)
                table.SetCloseOnExec(fd, true);
            else
                table.Remove(fd);
        }
    }

    private void Rename(in DecodedCall call, FdTable table, bool at)
    {
        byte[]? from = AbsolutePath(call, table, at ? 0 : -1, at ? 1 : 0);
        byte[]? to = AbsolutePath(call, table, at ? 2 : -1, at ? 3 : 1);
        if (from is null || to is null)
            return;
        foreach (FileDescription file in OpenFiles())
        {
            if (file.Kind != FileKind.Path)
                continue;
            if (file.Path.AsSpan().SequenceEqual(from))
                file.Rename(to);
            else if (file.Path.AsSpan().StartsWith(from) && file.Path.Length > from.Length && file.Path[from.Length] == '/')
                file.Rename([.. to, .. file.Path.AsSpan(from.Length)]);
        }
    }

    private void Unlink(in DecodedCall call, FdTable table, bool at)
    {
        byte[]? path = AbsolutePath(call, table, at ? 0 : -1, at ? 1 : 0);
        if (path is null)
            return;
        foreach (FileDescription file in OpenFiles())
        {
            if (file.Kind == FileKind.Path && file.Path.AsSpan().SequenceEqual(path))
                file.MarkDeleted();
        }
    }

    private void RefreshSocket(in DecodedCall call)
    {
        if (Find(call.Tid) is FdTable table && table.TryGet((int)call.Arg(0), out FdSlot slot)
            && slot.File.Kind == FileKind.Socket && Target(call, 0, 0) is FdTarget socket)
            slot.File.UpdateSocket(socket);
    }

    private IEnumerable<FileDescription> OpenFiles() => _tasks.Values.Distinct().SelectMany(table => table.Fds.Select(pair => pair.Value.File)).Distinct();

    // A path argument made absolute and resolved, as the kernel named it; null when it or its directory is not known.
    private byte[]? AbsolutePath(in DecodedCall call, FdTable table, int dirfdArgument, int pathArgument)
    {
        byte[]? path = PathArgument(call, pathArgument);
        byte[]? directory = Directory(table, dirfdArgument < 0 ? AtCwd : (int)call.Arg(dirfdArgument));
        return path is null || directory is null ? null : _paths.Resolve(call.Pid, PathResolver.Join(directory, path));
    }

    private static byte[]? Directory(FdTable table, int dirfd)
    {
        if (dirfd == AtCwd)
            return table.Cwd.Length == 0 ? null : table.Cwd;
        return table.TryGet(dirfd, out FdSlot slot) && slot.File.Kind == FileKind.Path ? slot.File.Path : null;
    }

    private static byte[]? PathArgument(in DecodedCall call, int argument) =>
        TryPathArgument(call, argument, out ReadOnlySpan<byte> path) ? path.ToArray() : null;

    private static bool TryPathArgument(in DecodedCall call, int argument, out ReadOnlySpan<byte> path)
    {
        bool whole = call.AtEntry.TryGet(argument, out Capture capture) && !capture.Unreadable && capture.Kind == CaptureKind.String && !capture.Truncated;
        path = whole ? capture.Data : default;
        return whole;
    }

    private static ulong OpenFlags(in DecodedCall call, int argument)
    {
        // creat has no flags: O_CREAT|O_WRONLY|O_TRUNC; openat2's are in its struct open_how.
        return NameOf(call) switch
        {
            "creat" => 0,
            "openat2" => call.AtEntry.TryGet(2, out Capture how) && how.Data.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(how.Data) : 0,
            _ => call.Arg(argument),
        };
    }

    // socket's type, accept4's flags; accept has none.
    private static ulong SocketFlags(in DecodedCall call, FdEffect effect) =>
        effect == FdEffect.Socket ? call.Arg(1) : NameOf(call) == "accept4" ? call.Arg(3) : 0;

    private static string? NameOf(in DecodedCall call) => SyscallPrinters.Of(call.Abi, call.Number)?.Name;

    private static FdTarget? Target(in DecodedCall call, int argument, int element) =>
        call.AtExit.TryGet(argument, element, CaptureKind.FdTarget, out Capture capture) ? FdTarget.Read(capture) : null;
}
