using System.Runtime.InteropServices;

namespace Sysrec.IO;

/// <summary>
/// What File does with a name, done on the name's exact bytes (<see cref="Text.KernelString"/>):
/// .NET would hand the kernel a name that is not UTF-8 as another name. Failures are IOExceptions with
/// the system's reason, as .NET's are.
/// </summary>
internal static class FileNames
{
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

    private static IOException Failed(int error) => new(Marshal.GetPInvokeErrorMessage(error));
}
