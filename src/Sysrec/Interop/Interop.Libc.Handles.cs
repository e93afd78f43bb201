using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>FILEID_KERNFS: a kernfs file handle, whose 8 bytes are the node's id (a cgroup's id on cgroupfs).</summary>
        internal const int FILEID_KERNFS = 0xfe;

        /// <summary><c>struct file_handle</c> with room for a kernfs id.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct KernfsFileHandle
        {
            internal uint handle_bytes;
            internal int handle_type;
            internal ulong id;
        }

        /// <summary>Opens the file of a handle on the file system <paramref name="mount"/> is on (CAP_DAC_READ_SEARCH).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "open_by_handle_at", SetLastError = true)]
        internal static partial SafeFileHandle OpenByHandleAt(SafeFileHandle mount, in KernfsFileHandle handle, int flags);
    }
}
