using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// The default printer of an argument, from its C type and name as the kernel declares them: paths by
/// their names (<c>const char * filename</c>), buffers by their type and the length beside them, fds and
/// dirfds by their names, structs by their types, ids and modes by their typedefs, the rest by the
/// type's width and signedness. <see cref="PrinterOverrides"/> corrects what these cannot know.
/// </summary>
internal static class PrinterRules
{
    private static readonly HashSet<string> s_pathNames =
    [
        "filename", "pathname", "path", "oldname", "newname", "oldpath", "newpath", "specialfile", "special",
        "library", "dir_name", "dev_name", "to_pathname", "from_pathname", "put_old", "new_root",
    ];

    private static readonly HashSet<string> s_fdNames = ["fd", "ufd", "fildes", "oldfd", "newfd", "epfd", "fd_in", "fd_out", "in_fd", "out_fd", "pidfd", "ruleset_fd"];

    private static readonly HashSet<string> s_dirfdNames = ["dfd", "olddfd", "newdfd", "dirfd"];

    private static readonly HashSet<string> s_addressNames = ["addr", "start", "brk", "new_addr", "uaddr", "uaddr2"];

    private static readonly HashSet<string> s_lengthNames = ["count", "len", "size", "length", "bufsiz", "nbytes", "buf_len", "optlen", "addrlen"];

    /// <param name="readByCall">The pointer is to a struct the call reads though its type is not const (<see cref="PrinterOverrides.ReadByCall"/>).</param>
    public static ArgumentPrinter For(SyscallAbi abi, IReadOnlyList<SyscallArgument> arguments, int index, bool readByCall = false)
    {
        SyscallArgument argument = arguments[index];
        string type = argument.Type;
        string name = argument.Name;
        (int width, bool signed) = Width(abi, type);
        ArgumentPrinter Printer(ArgumentKind kind, int length = -1) => new(name, type, kind, width, signed, length: length);

        if (!type.EndsWith('*') && !type.EndsWith("*const", StringComparison.Ordinal))
        {
            if (abi == SyscallAbi.I386 && HalvesOf(arguments, index) is (int low, int high))
                return index == low ? new(name, type, ArgumentKind.Offset64, width, signed, highHalf: high) : Printer(ArgumentKind.Omitted);
            if (s_fdNames.Contains(name))
                return Printer(ArgumentKind.Fd);
            if (s_dirfdNames.Contains(name))
                return Printer(ArgumentKind.Dirfd);
            if (name is "sig" or "signum")
                return Printer(ArgumentKind.Signal);
            if (s_addressNames.Contains(name) && type is "unsigned long")
                return Printer(ArgumentKind.Pointer);
            return Bare(type) switch
            {
                "umode_t" => Printer(ArgumentKind.Mode),
                "uid_t" or "gid_t" or "old_uid_t" or "old_gid_t" or "qid_t" => Printer(ArgumentKind.Id),
                "clockid_t" => new(name, type, ArgumentKind.Constants, width, signed, ConstantSets.ClockIds.Write),
                _ when name is "flags" => Printer(ArgumentKind.Hex),
                _ => Printer(ArgumentKind.Number),
            };
        }

        bool input = readByCall || type.StartsWith("const ", StringComparison.Ordinal);
        int lengthArgument = NextLength(arguments, index);
        switch (Bare(type))
        {
            case "char *" when s_pathNames.Contains(name):
                return Printer(ArgumentKind.Path);
            case "char *" or "void *" when input && lengthArgument >= 0:
                return Printer(ArgumentKind.BufferIn, lengthArgument);
            case "char *" when input:
                return Printer(ArgumentKind.String);
            case "char *" or "void *" when lengthArgument >= 0 && name is "buf" or "ubuf" or "value" or "buff":
                return Printer(ArgumentKind.BufferOut);
            case "char *const *" when name is "argv":
                return Printer(ArgumentKind.Argv);
            case "char *const *" when name is "envp":
                return Printer(ArgumentKind.Envp);
            case "struct stat *":
                return Printer(ArgumentKind.Stat);
            case "struct stat64 *":
                return Printer(ArgumentKind.Stat64);
            case "struct statx *":
                return Printer(ArgumentKind.Statx);
            case "struct statfs *" or "struct statfs64 *":
                return Printer(ArgumentKind.Statfs);
            case "struct __kernel_timespec *":
                return Printer(input ? ArgumentKind.TimespecIn : ArgumentKind.TimespecOut);
            case "struct old_timespec32 *":
                return Printer(input ? ArgumentKind.Timespec32In : ArgumentKind.Timespec32Out);
            case "struct __kernel_old_timeval *" or "struct old_timeval32 *":
                return Printer(input ? ArgumentKind.TimevalIn : ArgumentKind.TimevalOut);
            case "struct __kernel_itimerspec *":
                return Printer(input ? ArgumentKind.ItimerspecIn : ArgumentKind.ItimerspecOut);
            case "struct __kernel_old_itimerval *":
                return Printer(input ? ArgumentKind.ItimervalIn : ArgumentKind.ItimervalOut);
            case "struct rlimit *":
                return Printer(input ? ArgumentKind.RlimitIn : ArgumentKind.RlimitOut);
            case "struct rlimit64 *":
                return Printer(input ? ArgumentKind.Rlimit64In : ArgumentKind.Rlimit64Out);
            case "struct new_utsname *":
                return Printer(ArgumentKind.Utsname);
            case "struct sysinfo *":
                return Printer(ArgumentKind.Sysinfo);
            case "struct rusage *":
                return Printer(ArgumentKind.Rusage);
            case "struct sigaction *":
                return Printer(input ? ArgumentKind.SigactionIn : ArgumentKind.SigactionOut);
            case "struct old_sigaction *":
                return Printer(input ? ArgumentKind.OldSigactionIn : ArgumentKind.OldSigactionOut);
            case "old_sigset_t *":
                return Printer(input ? ArgumentKind.SigsetIn : ArgumentKind.SigsetOut);
            case "sigset_t *":
                return Printer(input ? ArgumentKind.SigsetIn : ArgumentKind.SigsetOut, SigsetSize(arguments));
            case "siginfo_t *" or "struct siginfo *":
                return Printer(input ? ArgumentKind.SiginfoIn : ArgumentKind.SiginfoOut);
            // n, the bits of each set, is the first argument of select and pselect6.
            case "fd_set *":
                return Printer(ArgumentKind.FdSet, 0);
            case "stack_t *":
                return Printer(input ? ArgumentKind.StackIn : ArgumentKind.StackOut);
            case "struct pollfd *":
                return Printer(ArgumentKind.PollFds, index + 1);
            case "struct epoll_event *":
                return Printer(input ? ArgumentKind.EpollEventIn : ArgumentKind.EpollEventsOut);
            case "struct iovec *":
                return Printer(ArgumentKind.IovecIn, index + 1);
            case "struct user_msghdr *":
                return Printer(ArgumentKind.MsghdrIn);
            case "struct sockaddr *" when index + 1 < arguments.Count && arguments[index + 1].Type.EndsWith('*'):
                return Printer(ArgumentKind.SockaddrOut, index + 1);
            case "struct sockaddr *":
                return Printer(ArgumentKind.SockaddrIn, index + 1);
            case "int *" when name is "upeer_addrlen" or "usockaddr_len" or "addr_len":
                return Printer(ArgumentKind.SocklenInOut);
            case "struct linux_dirent64 *" or "struct linux_dirent *":
                return Printer(ArgumentKind.Dirents);
            case "struct clone_args *":
                return Printer(ArgumentKind.CloneArgs, index + 1);
            default:
                return Printer(ArgumentKind.Pointer);
        }
    }

    /// <summary>An argument's C type without qualifiers and array-pointer spacing: <c>const char *const *</c> -> <c>char *const *</c>.</summary>
    private static string Bare(string type) => type.StartsWith("const ", StringComparison.Ordinal) ? type[6..] : type;

    /// <summary>The width and signedness of a C type passed in a register of the ABI.</summary>
    public static (int Width, bool Signed) Width(SyscallAbi abi, string type)
    {
        int word = abi == SyscallAbi.I386 ? 4 : 8;
        if (type.EndsWith('*') || type.EndsWith("*const", StringComparison.Ordinal))
            return (word, false);
        return Bare(type) switch
        {
            "long" or "off_t" or "__kernel_old_time_t" or "old_time32_t" => (word, true),
            "unsigned long" or "size_t" or "aio_context_t" or "cap_user_header_t" or "cap_user_data_t" or "__sighandler_t" => (word, false),
            "loff_t" or "__s64" or "s64" => (8, true),
            "u64" or "__u64" => (8, false),
            "unsigned int" or "unsigned" or "u32" or "__u32" or "uid_t" or "gid_t" or "qid_t" or "old_sigset_t" => (4, false),
            "umode_t" or "old_uid_t" or "old_gid_t" => (2, false),
            _ => (4, true),
        };
    }

    // The two registers of an i386 caller's 64-bit argument: X (or X_low) and X_high, printed as one value.
    private static (int Low, int High)? HalvesOf(IReadOnlyList<SyscallArgument> arguments, int index)
    {
        string name = arguments[index].Name;
        string stem = name.EndsWith(SyscallSignatures.HighHalfSuffix, StringComparison.Ordinal) ? name[..^SyscallSignatures.HighHalfSuffix.Length]
            : name.EndsWith("_low", StringComparison.Ordinal) ? name[..^"_low".Length] : name;
        int low = -1, high = -1;
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Name == stem || arguments[i].Name == stem + "_low")
                low = i;
            else if (arguments[i].Name == stem + SyscallSignatures.HighHalfSuffix)
                high = i;
        }
        return low >= 0 && high >= 0 && (index == low || index == high) ? (low, high) : null;
    }

    // The length of a buffer: the next argument when it is a size (write's count), else none.
    private static int NextLength(IReadOnlyList<SyscallArgument> arguments, int index)
    {
        if (index + 1 >= arguments.Count)
            return -1;
        SyscallArgument next = arguments[index + 1];
        return !next.Type.EndsWith('*') && (s_lengthNames.Contains(next.Name) || Bare(next.Type) == "size_t") ? index + 1 : -1;
    }

    private static int SigsetSize(IReadOnlyList<SyscallArgument> arguments)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Name is "sigsetsize")
                return i;
        }
        return -1;
    }
}
