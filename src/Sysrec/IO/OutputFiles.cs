using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sysrec.IO;

/// <summary>
/// Opens output files the way a tool that runs as root must: in a directory reached as
/// <see cref="OutputPaths"/> walks to it, never through a symbolic link, never into a file another user
/// owns (e.g. one planted in /tmp) or one with other hard links (writing it would change the file under
/// those names too), and readable by its owner only, since a recording tells what other users' programs did.
/// </summary>
internal static class OutputFiles
{
    private const uint OwnerOnly = 0b110_000_000; // 0600

    /// <summary>Creates <paramref name="path"/>, or empties it if it is already ours.</summary>
    /// <param name="remedy">What the user can do instead, ending the error message.</param>
    public static SafeFileHandle Create(string path, string remedy)
    {
        SafeFileHandle file = CreateOrOpen(path, remedy, out bool created);
        if (created)
            return file;
        try
        {
            Empty(file, path, remedy);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// As <see cref="Create"/>, refusing the same files, but an existing one keeps what it holds until
    /// <see cref="Empty"/>: for a recording that may yet fail to begin.
    /// </summary>
    public static SafeFileHandle CreateOrOpen(string path, string remedy, out bool created)
    {
        SafeFileHandle file = CreateNew(path, remedy, Interop.Libc.O_WRONLY, out bool existed);
        created = !existed;
        if (existed)
        {
            try
            {
                IsOwnRegularFile(file, path, remedy);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        return file;
    }

    /// <summary>
    /// Empties a file opened by <see cref="CreateOrOpen"/>. A device or pipe (say /dev/null) is written as
    /// it is; only a regular file is emptied, and made owner-only like a new one, since it will hold a new recording.
    /// </summary>
    public static void Empty(SafeFileHandle file, string path, string remedy)
    {
        if (IsOwnRegularFile(file, path, remedy)
            && (Interop.Libc.FTruncate(file, 0) != 0 || Interop.Libc.FChmod(file, OwnerOnly) != 0))
            throw Failed(path, Marshal.GetLastPInvokeError(), remedy);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading and writing, keeping what it holds, or creates it: a file
    /// that lives across runs, such as the stream's spool or a collected dataset's recording.
    /// </summary>
    public static SafeFileHandle OpenOrCreate(string path, string remedy)
    {
        SafeFileHandle file = CreateNew(path, remedy, Interop.Libc.O_RDWR, out bool existed);
        if (!existed)
            return file;
        try
        {
            if (!IsOwnRegularFile(file, path, remedy))
                throw new SysrecException(ExitCodes.Failure, $"cannot use {path}: it is not a regular file. {remedy}");
            // It holds records, whatever mode it was given meanwhile.
            if (Interop.Libc.FChmod(file, OwnerOnly) != 0)
                throw Failed(path, Marshal.GetLastPInvokeError(), remedy);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether an open file is a regular one, which can be written at offsets and cut back; a pipe or a terminal cannot.</summary>
    public static bool IsRegularFile(SafeFileHandle file) =>
        Interop.Libc.FStatx(file, "", Interop.Libc.AT_EMPTY_PATH, Interop.Libc.STATX_MODE, out var status) == 0
        && (status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFREG;

    /// <summary>Creates a file that must not exist yet, such as a temporary.</summary>
    public static SafeFileHandle CreateNew(string path, string remedy)
    {
        SafeFileHandle file = CreateNew(path, remedy, Interop.Libc.O_WRONLY, out bool existed);
        if (!existed)
            return file;
        file.Dispose();
        throw new SysrecException(ExitCodes.Failure, $"cannot create {path}: it exists already. {remedy}");
    }

    /// <summary>
    /// Refuses, before any work, a path that a finished output would replace but must not: a symbolic link
    /// (which sysrec never writes through, nor replaces) or a file another user owns. Returns whether the
    /// path is something other than a regular file (a device or a pipe, say /dev/stdout), which is written
    /// as it is, never replaced.
    /// </summary>
    public static bool RefuseToReplace(string path, string remedy)
    {
        using SafeFileHandle directory = OutputPaths.OpenParent(path, remedy, out string name);
        if (Interop.Libc.FStatx(directory, name, Interop.Libc.AT_SYMLINK_NOFOLLOW, Interop.Libc.STATX_UID | Interop.Libc.STATX_MODE, out var status) != 0)
            return false;
        if ((status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFLNK)
            throw Failed(path, Interop.Libc.ELOOP, remedy);
        if (status.stx_uid != Interop.Libc.GetEuid())
            throw OthersFile(path, status.stx_uid, remedy);
        return (status.stx_mode & Interop.Libc.S_IFMT) != Interop.Libc.S_IFREG;
    }

    /// <summary>Opens for writing a file this process created, refusing a link put in its place meanwhile.</summary>
    public static SafeFileHandle Reopen(string path, string remedy)
    {
        using SafeFileHandle directory = OutputPaths.OpenParent(path, remedy, out string name);
        return Opened(path, Interop.Libc.OpenAt(directory, name, Interop.Libc.O_WRONLY | Interop.Libc.O_NOFOLLOW | Interop.Libc.O_CLOEXEC, 0), remedy);
    }

    /// <summary>Gives the file at <paramref name="temporaryPath"/> the name <paramref name="path"/> in the same directory, replacing what is there.</summary>
    public static void Replace(string temporaryPath, string path, string remedy)
    {
        using SafeFileHandle directory = OutputPaths.OpenParent(path, remedy, out string name);
        if (Interop.Libc.RenameAt(directory, Path.GetFileName(temporaryPath), directory, name) != 0)
            throw Failed(path, Marshal.GetLastPInvokeError(), remedy);
    }

    /// <summary>Removes the file <paramref name="path"/>; false if there was none.</summary>
    public static bool Delete(string path, string remedy)
    {
        using SafeFileHandle directory = OutputPaths.OpenParent(path, remedy, out string name);
        if (Interop.Libc.UnlinkAt(directory, name, 0) == 0)
            return true;
        int error = Marshal.GetLastPInvokeError();
        return error == Interop.Libc.ENOENT ? false : throw Failed(path, error, remedy);
    }

    /// <summary>Removes a file or an empty directory for cleanup, after an error that matters more than whether this works.</summary>
    public static void DeleteQuietly(string path, bool directory = false)
    {
        try
        {
            using SafeFileHandle parent = OutputPaths.OpenParent(path, "", out string name);
            Interop.Libc.UnlinkAt(parent, name, directory ? Interop.Libc.AT_REMOVEDIR : 0);
        }
        catch (SysrecException)
        {
        }
    }

    /// <summary>Creates the directory <paramref name="path"/> and what is missing above it; returns whether it created the last.</summary>
    public static bool CreateDirectory(string path, string remedy)
    {
        using SafeFileHandle directory = OutputPaths.OpenDirectory(path, remedy, create: true, out bool created);
        return created;
    }

    /// <summary>
    /// Removes FILE.1, FILE.2, ... that an earlier recording to FILE left, so the numbered series after
    /// FILE is only ever this recording's. Stops at the first gap, and at a name that is not ours to remove.
    /// </summary>
    public static void RemoveEarlierParts(string path)
    {
        // The caller has just created the path itself, so its directory is known to be reachable.
        for (int part = 1; DeleteOwnFile($"{path}.{part}", "Choose another file with -o FILE"); part++)
        {
        }
    }

    /// <summary>
    /// Removes <paramref name="path"/> if it is a regular file of this user's: a link, a directory or
    /// someone else's file is not ours to remove, and is left alone. Returns whether it removed it.
    /// </summary>
    public static bool DeleteOwnFile(string path, string remedy)
    {
        using SafeFileHandle directory = OutputPaths.OpenParent(path, remedy, out string name);
        return Interop.Libc.FStatx(directory, name, Interop.Libc.AT_SYMLINK_NOFOLLOW, Interop.Libc.STATX_UID | Interop.Libc.STATX_MODE, out var status) == 0
            && (status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFREG && status.stx_uid == Interop.Libc.GetEuid()
            && Interop.Libc.UnlinkAt(directory, name, 0) == 0;
    }

    /// <summary>Whether a file that existed already may be written: ours, and a regular file with no other name, or a device or pipe.</summary>
    private static bool IsOwnRegularFile(SafeFileHandle file, string path, string remedy)
    {
        if (Interop.Libc.FStatx(file, "", Interop.Libc.AT_EMPTY_PATH, Interop.Libc.STATX_UID | Interop.Libc.STATX_MODE | Interop.Libc.STATX_NLINK, out var status) != 0)
            throw Failed(path, Marshal.GetLastPInvokeError(), remedy);
        if (status.stx_uid != Interop.Libc.GetEuid())
            throw OthersFile(path, status.stx_uid, remedy);
        bool regular = (status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFREG;
        if (regular && status.stx_nlink > 1)
            throw new SysrecException(ExitCodes.Failure,
                $"cannot write {path}: it has {status.stx_nlink - 1} other hard {(status.stx_nlink == 2 ? "link" : "links")}, and writing it would change the file under those names too. {remedy}");
        return regular;
    }

    private static SafeFileHandle CreateNew(string path, string remedy, int access, out bool existed)
    {
        using SafeFileHandle directory = OutputPaths.OpenParent(path, remedy, out string name);
        int flags = access | Interop.Libc.O_CLOEXEC;
        // O_EXCL also refuses a symbolic link, even a dangling one.
        SafeFileHandle file = Interop.Libc.OpenAt(directory, name, flags | Interop.Libc.O_CREAT | Interop.Libc.O_EXCL, OwnerOnly);
        existed = file.IsInvalid && Marshal.GetLastPInvokeError() == Interop.Libc.EEXIST;
        if (existed)
        {
            file.Dispose();
            // Whose it is is asked before opening too: opening may fail for reasons that would hide it.
            if (Interop.Libc.FStatx(directory, name, Interop.Libc.AT_SYMLINK_NOFOLLOW, Interop.Libc.STATX_UID, out var status) == 0
                && status.stx_uid != Interop.Libc.GetEuid())
                throw OthersFile(path, status.stx_uid, remedy);
            // Non-blocking, so that a FIFO with no reader, perhaps planted by someone else, fails at
            // once (ENXIO) instead of hanging before its owner can even be checked.
            file = Interop.Libc.OpenAt(directory, name, flags | Interop.Libc.O_NOFOLLOW | Interop.Libc.O_NONBLOCK, 0);
            if (!file.IsInvalid && Interop.Libc.Fcntl(file, Interop.Libc.F_SETFL, Interop.Libc.Fcntl(file, Interop.Libc.F_GETFL, 0) & ~Interop.Libc.O_NONBLOCK) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                file.Dispose();
                throw Failed(path, error, remedy);
            }
        }
        return Opened(path, file, remedy);
    }

    private static SafeFileHandle Opened(string path, SafeFileHandle file, string remedy)
    {
        if (!file.IsInvalid)
            return file;
        int error = Marshal.GetLastPInvokeError();
        file.Dispose();
        throw Failed(path, error, remedy);
    }

    private static SysrecException OthersFile(string path, uint owner, string remedy) =>
        new(ExitCodes.Failure, $"cannot write {path}: it belongs to another user (uid {owner}). {remedy}");

    private static SysrecException Failed(string path, int errno, string remedy)
    {
        string why = errno == Interop.Libc.ELOOP
            ? "it is a symbolic link, and sysrec does not write through links"
            : Marshal.GetPInvokeErrorMessage(errno);
        return new SysrecException(ExitCodes.Failure, $"cannot write {path}: {why}. {remedy}");
    }
}
