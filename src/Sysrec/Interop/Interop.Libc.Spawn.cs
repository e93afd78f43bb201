using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int ECHILD = 10;

        private const short POSIX_SPAWN_SETSIGDEF = 0x04;
        private const int WNOHANG = 1;

        /// <summary>glibc's <c>posix_spawnattr_t</c>, opaque; the same size on x86_64 and arm64.</summary>
        [StructLayout(LayoutKind.Sequential, Size = 336)]
        private struct PosixSpawnAttributes
        {
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_init")]
        private static partial int PosixSpawnAttrInit(ref PosixSpawnAttributes attributes);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_destroy")]
        private static partial int PosixSpawnAttrDestroy(ref PosixSpawnAttributes attributes);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setflags")]
        private static partial int PosixSpawnAttrSetFlags(ref PosixSpawnAttributes attributes, short flags);

        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
        private static partial int PosixSpawnAttrSetSigDefault(ref PosixSpawnAttributes attributes, in SigSet signals);

        // The argument and environment arrays end with a null entry, as C wants them.
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnp", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        private static partial int PosixSpawnP(out int pid, string file, nint fileActions, in PosixSpawnAttributes attributes, string?[] arguments, string?[] environment);

        /// <summary>
        /// Starts <paramref name="file"/> (looked up in PATH when it has no '/', as execvp does) from this
        /// process, with <paramref name="arguments"/> (argv[0] first) and <paramref name="environment"/>
        /// (NAME=value), the signals in <paramref name="defaultSignals"/> at their default disposition and
        /// the calling thread's signal mask. Returns 0 once the program is exec'd, or the errno why not.
        /// </summary>
        internal static int Spawn(string file, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, in SigSet defaultSignals, out int pid)
        {
            pid = 0;
            var attributes = default(PosixSpawnAttributes);
            int error = PosixSpawnAttrInit(ref attributes);
            if (error != 0)
                return error;
            try
            {
                error = PosixSpawnAttrSetFlags(ref attributes, POSIX_SPAWN_SETSIGDEF);
                if (error == 0)
                    error = PosixSpawnAttrSetSigDefault(ref attributes, defaultSignals);
                return error != 0 ? error : PosixSpawnP(out pid, file, 0, attributes, [.. arguments, null], [.. environment, null]);
            }
            finally
            {
                PosixSpawnAttrDestroy(ref attributes);
            }
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "waitpid", SetLastError = true)]
        private static partial int WaitPid(int pid, out int status, int options);

        /// <summary>Waits for the child <paramref name="pid"/> to exit; its wait status, or -1 (errno set).</summary>
        internal static int WaitForChild(int pid, out int status) => WaitPid(pid, out status, 0);

        /// <summary>The child's wait status if it has exited (returns its pid), 0 if it runs, -1 on error.</summary>
        internal static int PollChild(int pid, out int status) => WaitPid(pid, out status, WNOHANG);

        [LibraryImport(Libraries.Libc, EntryPoint = "pidfd_send_signal", SetLastError = true)]
        private static partial int PidfdSendSignal(SafeFileHandle pidfd, int signal, nint info, uint flags);

        /// <summary>Signals the process a pidfd stands for: never another one that took its pid once it is gone.</summary>
        internal static int PidfdSendSignal(SafeFileHandle pidfd, int signal) => PidfdSendSignal(pidfd, signal, 0, 0);
    }
}
