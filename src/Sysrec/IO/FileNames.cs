using System.Runtime.InteropServices;

namespace Sysrec.IO;

/// <summary>
/// What File and Directory do with a name, done on the name's exact bytes (<see cref="Text.KernelString"/>):
/// .NET would hand the kernel a name that is not UTF-8 as another name. Failures are IOExceptions with
/// the system's reason, as .NET's are.
/// </summary>
internal static class FileNames
{
    private const uint DirectoryMode = 0b111_111_111; // 0777, less the umask

    public static bool IsDirectory(string path) =>
        Interop.Libc.StatxAt(Interop.Libc.AT_FDCWD, path, 0, Interop.Libc.STATX_MODE, out var status) == 0
        && (status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFDIR;

    public static bool Exists(string path) =>
        Interop.Libc.StatxAt(Interop.Libc.AT_FDCWD, path, 0, Interop.Libc.STATX_MODE, out _) == 0;

    /// <summary>Opens a file to read it from the start, as File.OpenRead does.</summary>
    public static FileStream OpenRead(string path)
    {
        var file = Interop.Libc.Open(path, Interop.Libc.O_RDONLY | Interop.Libc.O_CLOEXEC, 0);
        if (file.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            file.Dispose();
            throw Failed(error);
        }
        return new FileStream(file, FileAccess.Read);
    }

    /// <summary>Gives <paramref name="from"/> the name <paramref name="to"/>, replacing a file that had it.</summary>
    public static void Move(string from, string to)
    {
        if (Interop.Libc.Rename(from, to) != 0)
            throw Failed(Marshal.GetLastPInvokeError());
    }

    /// <summary>Deletes a file; one that is not there is fine, as for File.Delete.</summary>
    public static void Delete(string path)
    {
        if (Interop.Libc.Unlink(path) != 0 && Marshal.GetLastPInvokeError() is var error and not Interop.Libc.ENOENT)
            throw Failed(error);
    }

    /// <summary>Creates a directory and any missing above it, as Directory.CreateDirectory does.</summary>
    public static void CreateDirectory(string path)
    {
        if (IsDirectory(path))
            return;
        string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
        if (!string.IsNullOrEmpty(parent))
            CreateDirectory(parent);
        // Another process may have made it meanwhile.
        if (Interop.Libc.Mkdir(path, DirectoryMode) != 0 && Marshal.GetLastPInvokeError() is var error && !(error == Interop.Libc.EEXIST && IsDirectory(path)))
            throw Failed(error);
    }

    /// <summary>Deletes an empty directory.</summary>
    public static void DeleteDirectory(string path)
    {
        if (Interop.Libc.Rmdir(path) != 0)
            throw Failed(Marshal.GetLastPInvokeError());
    }

    private static IOException Failed(int error) => new(Marshal.GetPInvokeErrorMessage(error));
}
