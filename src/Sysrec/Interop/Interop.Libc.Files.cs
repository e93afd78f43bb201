using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int O_RDONLY = 0x0;
        internal const int O_WRONLY = 0x1;
        internal const int O_RDWR = 0x2;
        internal const int O_CREAT = 0x40;
        internal const int O_EXCL = 0x80;
        // The one flag here whose value differs between x86_64 (asm-generic) and arm64.
        internal static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
        internal const int O_CLOEXEC = 0x80000;
        internal const int O_NONBLOCK = 0x800;
        internal const int F_GETFL = 3;
        internal const int F_SETFL = 4;
        internal const int AT_FDCWD = -100;
        internal const int AT_SYMLINK_NOFOLLOW = 0x100;

        internal const int ENOENT = 2;
        internal const int EISDIR = 21;
        internal const int ELOOP = 40;

        internal const int AT_EMPTY_PATH = 0x1000;
        internal const uint STATX_MODE = 0x2;
        internal const uint STATX_UID = 0x8;
        internal const uint STATX_INO = 0x100;
        internal const int S_IFMT = 0xF000;
        internal const int S_IFREG = 0x8000;
        internal const int S_IFDIR = 0x4000;
        internal const int S_IFLNK = 0xA000;

        /// <summary>The leading fields of <c>struct statx</c>, whose layout is the same on every architecture.</summary>
        [StructLayout(LayoutKind.Sequential, Size = 256)]
        internal struct Statx
        {
            internal uint stx_mask;
            internal uint stx_blksize;
            internal ulong stx_attributes;
            internal uint stx_nlink;
            internal uint stx_uid;
            internal uint stx_gid;
            internal ushort stx_mode;
            private ushort __spare0;
            internal ulong stx_ino;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial SafeFileHandle Open(string path, int flags, uint mode);

        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial int FStatx(SafeFileHandle fd, string emptyPath, int flags, uint mask, out Statx result);

        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        internal static partial int StatxAt(int directoryFd, string path, int flags, uint mask, out Statx result);

        [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
        internal static partial int Fcntl(SafeFileHandle fd, int command, int argument);

        [LibraryImport(Libraries.Libc, EntryPoint = "ftruncate", SetLastError = true)]
        internal static partial int FTruncate(SafeFileHandle fd, long length);

        [LibraryImport(Libraries.Libc, EntryPoint = "fchmod", SetLastError = true)]
        internal static partial int FChmod(SafeFileHandle fd, uint mode);

        /// <summary>The target of a symbolic link, its bytes as they are, not NUL-terminated; -1 on error.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(KernelStringMarshaller))]
        private static partial nint ReadLink(string path, Span<byte> buffer, nuint size);

        internal static nint ReadLink(string path, Span<byte> buffer) => ReadLink(path, buffer, (nuint)buffer.Length);

        /// <summary>Writes at <paramref name="offset"/>; how many bytes the kernel took (fewer when the disk fills up), or -1.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "pwrite", SetLastError = true)]
        private static partial nint PWrite(SafeFileHandle fd, ReadOnlySpan<byte> buffer, nuint count, long offset);

        internal static nint PWrite(SafeFileHandle fd, ReadOnlySpan<byte> buffer, long offset) => PWrite(fd, buffer, (nuint)buffer.Length, offset);

        [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
        internal static partial uint GetEuid();
    }
}
