using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const short POLLIN = 0x1;
        internal const int EINTR = 4;

        [StructLayout(LayoutKind.Sequential)]
        internal struct PollFd
        {
            internal int fd;
            internal short events;
            internal short revents;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
        internal static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);
    }
}
