using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal const ulong BPF_ANY = 0;
        internal const ulong BPF_NOEXIST = 1;

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__fd")]
        internal static partial int MapFd(nint map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_autocreate")]
        internal static partial int MapSetAutocreate(nint map, [MarshalAs(UnmanagedType.U1)] bool autocreate);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__max_entries")]
        internal static partial uint MapMaxEntries(nint map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_max_entries")]
        internal static partial int MapSetMaxEntries(nint map, uint maxEntries);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__key_size")]
        internal static partial uint MapKeySize(nint map);

        /// <summary>Gives a map made from a global section (.rodata) its contents before load; <typeparamref name="T"/> must have its size.</summary>
        internal static unsafe int MapSetInitialValue<T>(nint map, in T value) where T : unmanaged
        {
            fixed (T* data = &value)
                return MapSetInitialValue(map, data, (nuint)sizeof(T));
        }

        /// <summary>The size of a global section's contents (.rodata), as the compiler laid them out.</summary>
        internal static unsafe nuint MapInitialValueSize(nint map)
        {
            MapInitialValue(map, out nuint size);
            return size;
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_initial_value")]
        private static unsafe partial int MapSetInitialValue(nint map, void* data, nuint size);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__initial_value")]
        private static unsafe partial void* MapInitialValue(nint map, out nuint size);

        /// <summary>Sets one element; <typeparamref name="TKey"/> and <typeparamref name="TValue"/> must have the map's key and value sizes.</summary>
        internal static unsafe int MapUpdateElem<TKey, TValue>(int fd, in TKey key, in TValue value, ulong flags) where TKey : unmanaged where TValue : unmanaged
        {
            fixed (TKey* keyBytes = &key)
            fixed (TValue* valueBytes = &value)
                return MapUpdateElem(fd, keyBytes, valueBytes, flags);
        }

        /// <summary>Sets one element whose key is <paramref name="key"/>'s bytes, as long as the map's keys.</summary>
        internal static unsafe int MapUpdateElem<TValue>(int fd, ReadOnlySpan<byte> key, in TValue value, ulong flags) where TValue : unmanaged
        {
            fixed (byte* keyBytes = key)
            fixed (TValue* valueBytes = &value)
                return MapUpdateElem(fd, keyBytes, valueBytes, flags);
        }

        /// <summary>Reads one element of a per-CPU map: a value for each possible CPU into <paramref name="values"/>.</summary>
        internal static unsafe int MapLookupElem<TKey, TValue>(int fd, in TKey key, Span<TValue> values) where TKey : unmanaged where TValue : unmanaged
        {
            fixed (TKey* keyBytes = &key)
            fixed (TValue* valueBytes = values)
                return MapLookupElem(fd, keyBytes, valueBytes);
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_update_elem", SetLastError = true)]
        private static unsafe partial int MapUpdateElem(int fd, void* key, void* value, ulong flags);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_lookup_elem", SetLastError = true)]
        private static unsafe partial int MapLookupElem(int fd, void* key, void* value);

        /// <summary>Makes a map apart from any object (a ring buffer to put in an array of maps); its fd, or -errno.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_create", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int MapCreate(int mapType, string? name, uint keySize, uint valueSize, uint maxEntries, nint options);

        /// <summary>Before load: the map an array of maps' values are checked against, here one of the maps it will hold.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_inner_map_fd")]
        internal static partial int MapSetInnerMapFd(nint map, int fd);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_num_possible_cpus")]
        internal static partial int NumPossibleCpus();
    }
}
