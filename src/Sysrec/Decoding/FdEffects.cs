using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>The <see cref="FdEffect"/> of each syscall by name, and by number in each ABI's table.</summary>
internal static class FdEffects
{
    private static readonly Dictionary<string, FdEffect> s_byName = new(StringComparer.Ordinal)
    {
        ["open"] = FdEffect.Open, ["creat"] = FdEffect.Open, ["openat"] = FdEffect.OpenAt, ["openat2"] = FdEffect.OpenAt,
        ["memfd_create"] = FdEffect.MemfdCreate, ["socket"] = FdEffect.Socket, ["socketpair"] = FdEffect.SocketPair,
        ["accept"] = FdEffect.Accept, ["accept4"] = FdEffect.Accept, ["bind"] = FdEffect.RefreshSocket, ["connect"] = FdEffect.RefreshSocket,
        ["pipe"] = FdEffect.Pipe, ["pipe2"] = FdEffect.Pipe, ["eventfd"] = FdEffect.Eventfd, ["eventfd2"] = FdEffect.Eventfd,
        ["signalfd"] = FdEffect.Signalfd, ["signalfd4"] = FdEffect.Signalfd, ["timerfd_create"] = FdEffect.Timerfd,
        ["epoll_create"] = FdEffect.Epoll, ["epoll_create1"] = FdEffect.Epoll, ["inotify_init"] = FdEffect.Inotify,
        ["inotify_init1"] = FdEffect.Inotify, ["userfaultfd"] = FdEffect.Userfaultfd, ["perf_event_open"] = FdEffect.PerfEvent,
        ["io_uring_setup"] = FdEffect.IoUring, ["fanotify_init"] = FdEffect.Fanotify, ["pidfd_open"] = FdEffect.PidfdOpen,
        ["dup"] = FdEffect.Dup, ["dup2"] = FdEffect.Dup2, ["dup3"] = FdEffect.Dup3, ["fcntl"] = FdEffect.Fcntl, ["fcntl64"] = FdEffect.Fcntl,
        ["close"] = FdEffect.Close, ["close_range"] = FdEffect.CloseRange, ["chdir"] = FdEffect.Chdir, ["fchdir"] = FdEffect.Fchdir,
        ["execve"] = FdEffect.Exec, ["execveat"] = FdEffect.Exec, ["unshare"] = FdEffect.Unshare,
        ["rename"] = FdEffect.Rename, ["renameat"] = FdEffect.RenameAt, ["renameat2"] = FdEffect.RenameAt,
        ["unlink"] = FdEffect.Unlink, ["rmdir"] = FdEffect.Unlink, ["unlinkat"] = FdEffect.UnlinkAt,
    };

    private static readonly FdEffect[] s_native = Numbered(SyscallAbi.Native);
    private static readonly FdEffect[] s_i386 = Numbered(SyscallAbi.I386);

    public static IReadOnlyDictionary<string, FdEffect> ByName => s_byName;

    public static FdEffect Of(SyscallAbi abi, int number) =>
        (abi == SyscallAbi.I386 ? s_i386 : s_native) is var table && (uint)number < (uint)table.Length ? table[number] : FdEffect.None;

    private static FdEffect[] Numbered(SyscallAbi abi)
    {
        var effects = new FdEffect[SyscallTable.Count(abi)];
        for (int number = 0; number < effects.Length; number++)
        {
            if (SyscallTable.Name(abi, number) is string name)
                effects[number] = s_byName.GetValueOrDefault(name);
        }
        return effects;
    }
}
