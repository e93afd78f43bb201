using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        // enum btf_kind in include/uapi/linux/btf.h.
        internal const uint BTF_KIND_STRUCT = 4;
        internal const uint BTF_KIND_TYPEDEF = 8;

        /// <summary>The running kernel's BTF, parsed from /sys/kernel/btf/vmlinux.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__load_vmlinux_btf", SetLastError = true)]
        internal static partial SafeBtfHandle BtfLoadVmlinux();

        /// <summary>The BTF in a file: raw BTF, as /sys/kernel/btf/vmlinux and BTFHub's files hold it, or an ELF file's .BTF.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__parse", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial SafeBtfHandle BtfParse(string path, nint extensions);

        /// <summary>The id of the type of that name and kind, or a negative errno.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__find_by_name_kind", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int BtfFindByNameKind(SafeBtfHandle btf, string name, uint kind);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__free")]
        internal static partial void BtfFree(nint btf);
    }
}
