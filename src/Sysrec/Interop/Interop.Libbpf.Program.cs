using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__attach", SetLastError = true)]
        internal static partial SafeBpfLinkHandle ProgramAttach(nint program);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__set_autoload")]
        internal static partial int ProgramSetAutoload(nint program, [MarshalAs(UnmanagedType.U1)] bool autoload);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__autoload")]
        [return: MarshalAs(UnmanagedType.U1)]
        internal static partial bool ProgramAutoload(nint program);

        internal static string ProgramName(nint program) => Marshal.PtrToStringUTF8(ProgramNamePointer(program)) ?? "?";

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__name")]
        private static partial nint ProgramNamePointer(nint program);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link__destroy")]
        internal static partial int LinkDestroy(nint link);
    }
}
