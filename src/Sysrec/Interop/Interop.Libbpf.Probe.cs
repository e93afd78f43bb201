using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        // From include/uapi/linux/bpf.h, whose enums the kernel only ever appends to.
        internal const int BPF_PROG_TYPE_RAW_TRACEPOINT = 17;
        internal const int BPF_PROG_TYPE_TRACING = 26;
        internal const int BPF_MAP_TYPE_RINGBUF = 27;
        internal const int BPF_MAP_TYPE_TASK_STORAGE = 29;
        internal const int BPF_FUNC_task_storage_get = 156;
        internal const int BPF_FUNC_get_current_task_btf = 158;
        internal const int BPF_FUNC_for_each_map_elem = 164;
        internal const int BPF_FUNC_task_pt_regs = 175;
        internal const int BPF_FUNC_loop = 181;
        internal const int BPF_TRACE_RAW_TP = 23;

        /// <summary>The leading fields of <c>struct bpf_prog_load_opts</c>; libbpf reads only <c>sz</c> bytes.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct ProgramLoadOptions
        {
            internal nuint sz;
            internal int attempts;
            internal int expected_attach_type;
            internal uint prog_btf_fd;
            internal uint prog_flags;
            internal uint prog_ifindex;
            internal uint kern_version;
            internal uint attach_btf_id;
        }

        /// <summary>1 if the kernel has the program type, 0 if not, a negative errno if it cannot tell.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_probe_bpf_prog_type")]
        internal static partial int ProbeProgramType(int programType, nint options);

        /// <summary>1 if the kernel has the map type, 0 if not, a negative errno if it cannot tell.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_probe_bpf_map_type")]
        internal static partial int ProbeMapType(int mapType, nint options);

        /// <summary>1 if programs of the type may call the helper, 0 if not, a negative errno if it cannot tell.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_probe_bpf_helper")]
        internal static partial int ProbeHelper(int programType, int helper, nint options);

        /// <summary>The program's file descriptor, or a negative errno.</summary>
        internal static unsafe int ProgramLoad(int programType, string name, string license, ReadOnlySpan<ulong> instructions, int expectedAttachType, uint attachBtfId)
        {
            var options = new ProgramLoadOptions
            {
                sz = (nuint)sizeof(ProgramLoadOptions),
                expected_attach_type = expectedAttachType,
                attach_btf_id = attachBtfId,
            };
            fixed (ulong* code = instructions)
                return ProgramLoad(programType, name, license, code, (nuint)instructions.Length, options);
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_prog_load", StringMarshalling = StringMarshalling.Utf8)]
        private static unsafe partial int ProgramLoad(int programType, string name, string license, ulong* instructions, nuint count, in ProgramLoadOptions options);
    }
}
