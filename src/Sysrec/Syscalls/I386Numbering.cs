namespace Sysrec.Syscalls;

/// <summary>
/// Renumbers x86_64 syscalls into the i386 table, the numbering of the ADFA-LD dataset, so new recordings
/// can be mixed with it. A syscall goes to the i386 syscall of the same name, or to the one a 32-bit glibc
/// of ADFA-LD's time calls for it instead: the 64-bit file calls to their *64 forms, uid calls to their
/// *32 forms, every socket call to socketcall, every System V IPC call to ipc. Only names are written
/// here; the numbers come from the generated tables.
/// </summary>
internal static class I386Numbering
{
    private static readonly Dictionary<string, string> s_glibcSubstitutes = new(StringComparer.Ordinal)
    {
        ["mmap"] = "mmap2", ["stat"] = "stat64", ["fstat"] = "fstat64", ["lstat"] = "lstat64",
        ["newfstatat"] = "fstatat64", ["fcntl"] = "fcntl64", ["truncate"] = "truncate64",
        ["ftruncate"] = "ftruncate64", ["sendfile"] = "sendfile64", ["getrlimit"] = "ugetrlimit",
        ["select"] = "_newselect", ["statfs"] = "statfs64", ["fstatfs"] = "fstatfs64", ["fadvise64"] = "fadvise64_64",
        ["getuid"] = "getuid32", ["getgid"] = "getgid32", ["geteuid"] = "geteuid32", ["getegid"] = "getegid32",
        ["setuid"] = "setuid32", ["setgid"] = "setgid32", ["setreuid"] = "setreuid32", ["setregid"] = "setregid32",
        ["setresuid"] = "setresuid32", ["getresuid"] = "getresuid32", ["setresgid"] = "setresgid32",
        ["getresgid"] = "getresgid32", ["getgroups"] = "getgroups32", ["setgroups"] = "setgroups32",
        ["chown"] = "chown32", ["fchown"] = "fchown32", ["lchown"] = "lchown32", ["setfsuid"] = "setfsuid32",
        ["setfsgid"] = "setfsgid32",
        ["socket"] = "socketcall", ["bind"] = "socketcall", ["connect"] = "socketcall", ["listen"] = "socketcall",
        ["accept"] = "socketcall", ["accept4"] = "socketcall", ["getsockname"] = "socketcall",
        ["getpeername"] = "socketcall", ["socketpair"] = "socketcall", ["sendto"] = "socketcall",
        ["recvfrom"] = "socketcall", ["shutdown"] = "socketcall", ["setsockopt"] = "socketcall",
        ["getsockopt"] = "socketcall", ["sendmsg"] = "socketcall", ["recvmsg"] = "socketcall",
        ["recvmmsg"] = "socketcall", ["sendmmsg"] = "socketcall",
        ["semop"] = "ipc", ["semget"] = "ipc", ["semctl"] = "ipc", ["semtimedop"] = "ipc", ["msgsnd"] = "ipc",
        ["msgrcv"] = "ipc", ["msgget"] = "ipc", ["msgctl"] = "ipc", ["shmat"] = "ipc", ["shmdt"] = "ipc",
        ["shmget"] = "ipc", ["shmctl"] = "ipc",
    };

    /// <summary>The i386 number for a call of either table; false for the few x86_64 calls with no i386 counterpart.</summary>
    public static bool TryMap(SyscallAbi abi, long number, out long i386Number)
    {
        i386Number = number;
        if (abi == SyscallAbi.I386)
            return true;
        string? name = SyscallTable.Name(abi, number);
        return name is not null
            && SyscallTable.TryNumber(SyscallAbi.I386, s_glibcSubstitutes.GetValueOrDefault(name, name), out i386Number);
    }
}
