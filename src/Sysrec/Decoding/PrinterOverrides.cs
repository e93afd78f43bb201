namespace Sysrec.Decoding;

/// <summary>
/// What the rules on C types and names cannot know, as data: which int is a set of flags and which set,
/// which buffer the call fills, which return is an fd or an address. Kept as C# rather than a TSV file:
/// the kinds and constant sets named here are checked by the compiler, and no build step is needed; a
/// test checks that every syscall and argument named exists in the signatures. Names are the kernel's
/// (tracefs); an entry applies to both x86_64 and i386 wherever the call has that argument.
/// </summary>
internal static class PrinterOverrides
{
    private static ArgumentOverride Set(string syscalls, string argument, ConstantSet set) => new(syscalls, argument, ArgumentKind.Constants, set.Write);

    private static ArgumentOverride Format(string syscalls, string argument, ValueFormat format) => new(syscalls, argument, ArgumentKind.Constants, format);

    private static ArgumentOverride Kind(string syscalls, string argument, ArgumentKind kind, string? length = null) => new(syscalls, argument, kind, Length: length);

    public static readonly ArgumentOverride[] Arguments =
    [
        // Files.
        Format("open openat", "flags", OpenFlagsFormat.Write),
        Kind("open openat", "mode", ArgumentKind.OpenMode),
        Set("access faccessat faccessat2", "mode", ConstantSets.AccessModes),
        Set("faccessat2", "flags", ConstantSets.FaccessatFlags),
        Set("newfstatat fstatat64 unlinkat fchownat name_to_handle_at", "flag", ConstantSets.AtFlags),
        Set("linkat utimensat execveat", "flags", ConstantSets.AtFlags),
        Kind("execveat", "fd", ArgumentKind.Dirfd),
        Format("statx", "flags", StatxFlagsFormat.Write),
        Set("statx", "mask", ConstantSets.StatxMask),
        Set("renameat2", "flags", ConstantSets.RenameFlags),
        Set("lseek _llseek", "whence", ConstantSets.SeekWhence),
        Kind("_llseek", "result", ArgumentKind.Int64Out),
        Set("fcntl fcntl64", "cmd", ConstantSets.FcntlCommands),
        Set("flock", "cmd", ConstantSets.FlockOperations),
        Set("dup3 pipe2", "flags", ConstantSets.OpenFlags),
        Set("fadvise64", "advice", ConstantSets.FadviseAdvice),
        Set("fallocate", "mode", ConstantSets.FallocateModes),
        Set("close_range", "flags", ConstantSets.CloseRangeFlags),
        Set("setxattr lsetxattr fsetxattr", "flags", ConstantSets.XattrFlags),
        Set("splice tee vmsplice", "flags", ConstantSets.SpliceFlags),
        Kind("mknod mknodat", "mode", ArgumentKind.ModeWithType),
        Kind("getcwd", "buf", ArgumentKind.PathOut),
        Format("ioctl", "cmd", (ref w, v) => IoctlRequestFormat.Write(ref w, (uint)v)),
        Kind("ioctl", "arg", ArgumentKind.IoctlArgument),
        Kind("pipe pipe2", "fildes", ArgumentKind.FdPair),
        Format("mount", "flags", MountFlagsFormat.Write),
        Set("inotify_add_watch", "mask", ConstantSets.InotifyMask),
        Set("inotify_init1", "flags", ConstantSets.InotifyInitFlags),
        Format("memfd_create", "flags", MemfdFlagsFormat.Write),
        Set("eventfd2", "flags", ConstantSets.EventfdFlags),
        Set("timerfd_create", "clockid", ConstantSets.ClockIds),
        Set("timerfd_create timerfd_settime", "flags", ConstantSets.TimerfdFlags),
        Kind("signalfd signalfd4", "user_mask", ArgumentKind.SigsetIn, "sizemask"),
        Set("signalfd4", "flags", ConstantSets.SignalfdFlags),
        Set("epoll_create1", "flags", ConstantSets.EpollCreateFlags),
        Set("epoll_ctl", "op", ConstantSets.EpollControls),
        Kind("epoll_ctl", "event", ArgumentKind.EpollEventIn),
        Kind("readv preadv preadv2", "vec", ArgumentKind.IovecOut, "vlen"),

        // Memory.
        Set("mmap mmap2 mprotect pkey_mprotect", "prot", ConstantSets.MmapProt),
        Format("mmap mmap2", "flags", MmapFlagsFormat.Write),
        Kind("mmap mmap2", "fd", ArgumentKind.Fd),
        Kind("mmap", "off", ArgumentKind.Hex),
        Kind("mmap2", "pgoff", ArgumentKind.Hex),
        Set("mremap", "flags", ConstantSets.MremapFlags),
        Set("msync", "flags", ConstantSets.MsyncFlags),
        Set("mlockall", "flags", ConstantSets.MlockallFlags),
        Set("madvise", "behavior", ConstantSets.MadviseAdvice),
        Kind("shmat", "shmaddr", ArgumentKind.Pointer),

        // Sockets.
        Set("socket socketpair", "family", ConstantSets.AddressFamilies),
        Format("socket socketpair", "type", SocketTypeFormat.Write),
        Kind("socket socketpair", "protocol", ArgumentKind.SocketProtocol),
        Kind("socketpair", "usockvec", ArgumentKind.FdPair),
        Kind("bind connect", "fd", ArgumentKind.SocketFd),
        Set("accept4", "flags", ConstantSets.SocketTypeFlags),
        Kind("sendto", "buff", ArgumentKind.BufferIn, "len"),
        Set("sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg", "flags", ConstantSets.MessageFlags),
        Kind("recvfrom", "addr_len", ArgumentKind.SocklenInOut),
        Kind("recvmsg", "msg", ArgumentKind.MsghdrOut),
        Set("setsockopt getsockopt", "level", ConstantSets.SocketLevels),
        Kind("setsockopt getsockopt", "optname", ArgumentKind.SocketOption),
        Kind("setsockopt", "optval", ArgumentKind.SockoptIn, "optlen"),
        Kind("getsockopt", "optval", ArgumentKind.SockoptOut, "optlen"),
        Kind("getsockopt", "optlen", ArgumentKind.SocklenInOut),
        Set("shutdown", "how", ConstantSets.ShutdownHow),
        Kind("socketcall", "args", ArgumentKind.SocketcallArgs),

        // Processes and threads.
        Format("clone", "clone_flags", CloneFlagsFormat.Write),
        Kind("wait4 waitpid", "stat_addr", ArgumentKind.WaitStatus),
        Set("wait4 waitpid waitid", "options", ConstantSets.WaitOptions),
        Set("waitid", "which", ConstantSets.WaitidTypes),
        Format("futex", "op", (ref w, v) => FutexOperationFormat.Write(ref w, (int)v)),
        Kind("rseq", "rseq_len", ArgumentKind.Hex),
        Kind("rseq", "sig", ArgumentKind.Hex),
        Set("arch_prctl", "option", ConstantSets.ArchPrctlCodes),
        Set("prctl", "option", ConstantSets.PrctlOptions),
        // strace's print_prctl_args, for the options it does not decode one by one.
        Kind("prctl", "arg2", ArgumentKind.Hex),
        Kind("prctl", "arg3", ArgumentKind.Hex),
        Kind("prctl", "arg4", ArgumentKind.Hex),
        Kind("prctl", "arg5", ArgumentKind.Hex),
        Kind("arch_prctl", "arg2", ArgumentKind.Hex),
        Set("sched_setscheduler", "policy", ConstantSets.Schedulers),
        Set("getpriority setpriority", "which", ConstantSets.PriorityWhich),
        Set("getrlimit setrlimit ugetrlimit prlimit64", "resource", ConstantSets.RlimitResources),
        Set("getrusage", "who", ConstantSets.RusageWho),
        Kind("umask", "mask", ArgumentKind.Mode),
        Kind("getrandom", "ubuf", ArgumentKind.BufferOutHex),
        Set("getrandom", "flags", ConstantSets.GetrandomFlags),

        // Signals.
        Set("rt_sigprocmask sigprocmask", "how", ConstantSets.SigprocmaskHow),
        // i386's sigaction, whose prototype names no argument.
        Kind("sigaction", "arg1", ArgumentKind.Signal),
        Kind("sigprocmask", "set", ArgumentKind.SigsetIn),
        Kind("rt_sigprocmask", "nset", ArgumentKind.SigsetIn, "sigsetsize"),
        Kind("rt_sigsuspend", "unewset", ArgumentKind.SigsetIn, "sigsetsize"),
        Kind("pselect6 pselect6_time64", "sig", ArgumentKind.SigsetAndSize),
        Kind("pselect6", "arg6", ArgumentKind.SigsetAndSize),
        Kind("rt_sigqueueinfo rt_tgsigqueueinfo", "uinfo", ArgumentKind.SiginfoIn),

        // Time.
        Kind("nanosleep clock_nanosleep clock_nanosleep_time64", "rmtp", ArgumentKind.TimespecRemain),
        // strace prints the two times with UTIME_NOW, UTIME_OMIT and a date comment: not yet, so the address.
        Kind("utimensat utimensat_time64 utimes futimesat", "utimes", ArgumentKind.Pointer),
        Kind("utimensat utimes futimesat", "t", ArgumentKind.Pointer),
        Set("clock_nanosleep clock_nanosleep_time64 timer_settime timer_settime64", "flags", ConstantSets.TimerFlags),
        Set("getitimer setitimer", "which", ConstantSets.IntervalTimers),
    ];

    /// <summary>
    /// Pointers to a struct the call reads, though the kernel does not declare them const (setrlimit's
    /// rlimit, a sleep's request, a wait's timeout): printed at entry, as strace prints them. Each entry
    /// is syscall names separated by spaces, then the argument (its i386 name where it differs).
    /// </summary>
    public static readonly (string Syscalls, string Argument)[] ReadByCall =
    [
        ("nanosleep clock_nanosleep", "rqtp"),
        ("futex_waitv io_getevents io_pgetevents io_pgetevents_time64 recvmmsg recvmmsg_time64", "timeout"),
        ("ppoll ppoll_time64 pselect6 pselect6_time64", "tsp"),
        ("ppoll", "arg3"),
        ("pselect6", "arg5"),
        ("select _newselect", "tvp"),
        ("setrlimit", "rlim"),
        ("settimeofday", "tv"),
        ("setitimer", "value"),
        ("pidfd_send_signal", "info"),
    ];

    public static readonly CallOverride[] Calls =
    [
        new("open openat openat2 creat socket accept accept4 eventfd eventfd2 timerfd_create signalfd signalfd4 epoll_create epoll_create1"
            + " inotify_init inotify_init1 memfd_create pidfd_open pidfd_getfd fanotify_init perf_event_open userfaultfd open_tree fsopen"
            + " fsmount fspick io_uring_setup memfd_secret open_by_handle_at landlock_create_ruleset", ReturnKind.NewFd),
        // For the fd a socket or accept made through it, which the call it makes (SocketcallUnpacking) names.
        new("socketcall", ReturnKind.NewFd),
        new("dup dup2 dup3", ReturnKind.Fd),
        new("mmap mmap2 mremap brk shmat", ReturnKind.Hex),
        new("umask", ReturnKind.Octal),
        new("poll ppoll ppoll_time64", ReturnKind.Poll),
        new("select _newselect pselect6 pselect6_time64", ReturnKind.Select),
        new("rt_sigtimedwait rt_sigtimedwait_time64", ReturnKind.Signal),
        new("clone", ReturnKind.Number, CallFormat.Clone),
        new("clone3", ReturnKind.Number, CallFormat.Clone3),
        new("futex futex_time64", ReturnKind.Number, CallFormat.Futex),
        new("fcntl fcntl64", ReturnKind.Number, CallFormat.Fcntl),
        new("ioctl", ReturnKind.Number, CallFormat.Ioctl),
        new("rt_sigreturn", ReturnKind.Number, CallFormat.Sigreturn),
    ];
}
