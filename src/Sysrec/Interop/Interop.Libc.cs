using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // libbpf hands its messages over as a format and a va_list; on the SysV and AAPCS64
        // ABIs a va_list parameter travels as a pointer, so it can be passed straight through.
        [LibraryImport(Libraries.Libc, EntryPoint = "vsnprintf")]
        internal static unsafe partial int VsnPrintf(byte* buffer, nuint size, nint format, nint arguments);
    }
}
