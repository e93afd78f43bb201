namespace Sysrec.Syscalls;

/// <summary>
/// Which arguments of which syscalls are paths (0 for the first argument): what --paths reads at entry.
/// By name, for every table that has the name, so the numbers come from the generated tables only.
/// </summary>
internal static class PathArguments
{
    private static readonly Dictionary<string, int[]> s_positions = new(StringComparer.Ordinal)
    {
        // Opening and executing
        ["open"] = [0], ["creat"] = [0], ["openat"] = [1], ["openat2"] = [1],
        ["execve"] = [0], ["execveat"] = [1], ["uselib"] = [0],
        // Names in directories
        ["unlink"] = [0], ["unlinkat"] = [1], ["rmdir"] = [0], ["mkdir"] = [0], ["mkdirat"] = [1],
        ["rename"] = [0, 1], ["renameat"] = [1, 3], ["renameat2"] = [1, 3],
        ["link"] = [0, 1], ["linkat"] = [1, 3], ["symlink"] = [0, 1], ["symlinkat"] = [0, 2],
        ["mknod"] = [0], ["mknodat"] = [1], ["readlink"] = [0], ["readlinkat"] = [1],
        // Looking at files
        ["access"] = [0], ["faccessat"] = [1], ["faccessat2"] = [1],
        ["stat"] = [0], ["lstat"] = [0], ["newfstatat"] = [1], ["statx"] = [1],
        ["oldstat"] = [0], ["oldlstat"] = [0], ["stat64"] = [0], ["lstat64"] = [0], ["fstatat64"] = [1],
        ["statfs"] = [0], ["statfs64"] = [0],
        // Changing files
        ["chmod"] = [0], ["fchmodat"] = [1], ["fchmodat2"] = [1],
        ["chown"] = [0], ["lchown"] = [0], ["chown32"] = [0], ["lchown32"] = [0], ["fchownat"] = [1],
        ["truncate"] = [0], ["truncate64"] = [0],
        ["utime"] = [0], ["utimes"] = [0], ["futimesat"] = [1], ["utimensat"] = [1], ["utimensat_time64"] = [1],
        ["setxattr"] = [0], ["lsetxattr"] = [0], ["getxattr"] = [0], ["lgetxattr"] = [0],
        ["listxattr"] = [0], ["llistxattr"] = [0], ["removexattr"] = [0], ["lremovexattr"] = [0],
        ["setxattrat"] = [1], ["getxattrat"] = [1], ["listxattrat"] = [1], ["removexattrat"] = [1],
        // Where a process and its files are
        ["chdir"] = [0], ["chroot"] = [0], ["pivot_root"] = [0, 1],
        ["mount"] = [0, 1], ["umount"] = [0], ["umount2"] = [0],
        ["open_tree"] = [1], ["open_tree_attr"] = [1], ["move_mount"] = [1, 3], ["fspick"] = [1], ["mount_setattr"] = [1],
        ["swapon"] = [0], ["swapoff"] = [0], ["acct"] = [0], ["quotactl"] = [1],
        // Watching and naming files
        ["inotify_add_watch"] = [1], ["fanotify_mark"] = [4], ["name_to_handle_at"] = [1],
    };

    // Where i386 passes a 64-bit argument in two registers, the path comes one argument later.
    private static readonly Dictionary<string, int[]> s_i386Positions = new(StringComparer.Ordinal)
    {
        ["fanotify_mark"] = [5],
    };

    /// <summary>Every syscall of the native and i386 tables that takes paths, with a bitmask of its path arguments.</summary>
    public static IEnumerable<(SyscallAbi Abi, long Number, byte Positions)> InTables()
    {
        foreach (SyscallAbi abi in (SyscallAbi[])[SyscallAbi.Native, SyscallAbi.I386])
        {
            foreach ((string name, int[] common) in s_positions)
            {
                int[] positions = abi == SyscallAbi.I386 ? s_i386Positions.GetValueOrDefault(name, common) : common;
                if (SyscallTable.TryNumber(abi, name, out long number))
                    yield return (abi, number, (byte)positions.Sum(position => 1 << position));
            }
        }
    }
}
