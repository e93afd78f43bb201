using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int ESRCH = 3;
        internal const int EINTR = 4;
        internal const int EEXIST = 17;
        internal const int E2BIG = 7;
        internal const int EINVAL = 22;

        /// <summary>PIDFD_THREAD (Linux 6.9): a pidfd for one thread rather than a thread group leader.</summary>
        internal const uint PIDFD_THREAD = 0x80; // O_EXCL

        // libbpf hands its messages over as a format and a va_list; on the SysV and AAPCS64
        // ABIs a va_list parameter travels as a pointer, so it can be passed straight through.
        [LibraryImport(Libraries.Libc, EntryPoint = "vsnprintf")]
        internal static unsafe partial int VsnPrintf(byte* buffer, nuint size, nint format, nint arguments);

        [LibraryImport(Libraries.Libc, EntryPoint = "pidfd_open", SetLastError = true)]
        internal static partial SafeFileHandle PidfdOpen(int pid, uint flags);
    }
}
