using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPOLL_CLOEXEC = 0x80000;
        internal const int EPOLL_CTL_ADD = 1;
        internal const uint EPOLLIN = 0x1;
        internal const uint EPOLLET = 1u << 31;

        /// <summary>
        /// <c>struct epoll_event</c>: 12 bytes (packed) on x86_64, 16 on arm64. Only the events word, first
        /// on both, is used; the size covers either layout.
        /// </summary>
        [StructLayout(LayoutKind.Explicit, Size = 16)]
        internal struct EpollEvent
        {
            [FieldOffset(0)]
            internal uint events;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "epoll_create1", SetLastError = true)]
        internal static partial SafeFileHandle EpollCreate1(int flags);

        [LibraryImport(Libraries.Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
        internal static partial int EpollCtl(SafeFileHandle epoll, int operation, int fd, ref EpollEvent interest);

        [LibraryImport(Libraries.Libc, EntryPoint = "epoll_wait", SetLastError = true)]
        internal static partial int EpollWait(SafeFileHandle epoll, out EpollEvent ready, int maxEvents, int timeoutMs);
    }
}
