namespace Sysrec.Decoding;

/// <summary>What a syscall that returned does to the fd table (<see cref="FdTracker"/>).</summary>
internal enum FdEffect : byte
{
    None,
    /// <summary>open, creat: a file by the path of argument 0.</summary>
    Open,
    /// <summary>openat, openat2: a file by the path of argument 1, relative to the dirfd of argument 0.</summary>
    OpenAt,
    MemfdCreate,
    Socket,
    SocketPair,
    Accept,
    /// <summary>bind, connect: the socket of argument 0 is what the kernel says at exit.</summary>
    RefreshSocket,
    Pipe,
    Eventfd,
    Signalfd,
    Timerfd,
    Epoll,
    Inotify,
    Userfaultfd,
    PerfEvent,
    IoUring,
    Fanotify,
    PidfdOpen,
    Dup,
    Dup2,
    Dup3,
    Fcntl,
    Close,
    CloseRange,
    Chdir,
    Fchdir,
    Exec,
    Unshare,
    Rename,
    RenameAt,
    Unlink,
    UnlinkAt,
}
