using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal const ulong BPF_ANY = 0;
        internal const ulong BPF_NOEXIST = 1;

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__fd")]
        internal static partial int MapFd(nint map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__max_entries")]
        internal static partial uint MapMaxEntries(nint map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_max_entries")]
        internal static partial int MapSetMaxEntries(nint map, uint maxEntries);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__key_size")]
        internal static partial uint MapKeySize(nint map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_initial_value")]
        internal static unsafe partial int MapSetInitialValue(nint map, void* data, nuint size);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__initial_value")]
        internal static unsafe partial void* MapInitialValue(nint map, out nuint size);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_update_elem", SetLastError = true)]
        internal static unsafe partial int MapUpdateElem(int fd, void* key, void* value, ulong flags);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_lookup_elem", SetLastError = true)]
        internal static unsafe partial int MapLookupElem(int fd, void* key, void* value);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_num_possible_cpus")]
        internal static partial int NumPossibleCpus();
    }
}
