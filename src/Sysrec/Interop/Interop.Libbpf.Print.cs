using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal enum PrintLevel
        {
            Warn = 0,
            Info = 1,
            Debug = 2,
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_set_print")]
        internal static unsafe partial nint SetPrint(delegate* unmanaged<PrintLevel, nint, nint, int> print);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_strerror")]
        internal static unsafe partial int StrError(int error, byte* buffer, nuint size);
    }
}
