using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // The two flags here whose values differ between x86_64 (asm-generic) and arm64.
        internal static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
        internal const int O_PATH = 0x200000;
        internal const int AT_REMOVEDIR = 0x200;

        internal const int ENOTDIR = 20;

        internal const uint STATX_NLINK = 0x4;
        internal const int S_ISVTX = 0x200;
        internal const int S_IWGRP = 0x10;
        internal const int S_IWOTH = 0x2;

        [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial SafeFileHandle OpenAt(SafeFileHandle directory, string path, int flags, uint mode);

        /// <summary>The target of a symbolic link, its bytes as they are, not NUL-terminated; -1 on error.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static unsafe partial nint ReadLinkAt(SafeFileHandle directory, string path, byte* buffer, nuint size);

        [LibraryImport(Libraries.Libc, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial int RenameAt(SafeFileHandle fromDirectory, string from, SafeFileHandle toDirectory, string to);

        [LibraryImport(Libraries.Libc, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial int UnlinkAt(SafeFileHandle directory, string path, int flags);

        [LibraryImport(Libraries.Libc, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial int MkdirAt(SafeFileHandle directory, string path, uint mode);
    }
}
