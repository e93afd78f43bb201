using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        /// <summary>The leading fields of <c>struct bpf_object_open_opts</c>; libbpf reads only <c>sz</c> bytes.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private unsafe struct OpenOptions
        {
            internal nuint sz;
            internal byte* object_name;
            internal byte relaxed_maps;
            internal byte* pin_root_path;
            private readonly uint _removedAttachProgFd;
            internal byte* kconfig;
            internal byte* btf_custom_path;
        }

        /// <summary>
        /// Opens the BPF object in an ELF image held in memory, which libbpf may parse in place: the array
        /// must be pinned and outlive the object. <paramref name="objectName"/> ends with its NUL, and so does
        /// <paramref name="btfPath"/>, the kernel's BTF for CO-RE when not the kernel's own (empty: its own).
        /// </summary>
        internal static unsafe SafeBpfObjectHandle ObjectOpenMem(byte[] pinnedImage, ReadOnlySpan<byte> objectName, ReadOnlySpan<byte> btfPath)
        {
            fixed (byte* name = objectName)
            fixed (byte* btf = btfPath)
            {
                var options = new OpenOptions { sz = (nuint)sizeof(OpenOptions), object_name = name, btf_custom_path = btfPath.IsEmpty ? null : btf };
                return ObjectOpenMem((byte*)Marshal.UnsafeAddrOfPinnedArrayElement(pinnedImage, 0), (nuint)pinnedImage.Length, options);
            }
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__open_mem", SetLastError = true)]
        private static unsafe partial SafeBpfObjectHandle ObjectOpenMem(byte* buffer, nuint size, in OpenOptions options);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__load")]
        internal static partial int ObjectLoad(SafeBpfObjectHandle obj);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__close")]
        internal static partial void ObjectClose(nint obj);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint ObjectFindMapByName(SafeBpfObjectHandle obj, string name);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__find_program_by_name", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint ObjectFindProgramByName(SafeBpfObjectHandle obj, string name);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__next_program")]
        internal static partial nint ObjectNextProgram(SafeBpfObjectHandle obj, nint previous);
    }
}
