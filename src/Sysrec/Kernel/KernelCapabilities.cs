using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// What the running kernel offers of each <see cref="BpfFeature"/>, asked of the kernel itself (libbpf's
/// probes, lookups in its BTF), less those SYSREC_BPF_WITHOUT names: a testing aid that makes sysrec
/// take, on a kernel that has everything, the path it takes on one without them.
/// </summary>
internal sealed class KernelCapabilities
{
    public const string WithoutVariable = "SYSREC_BPF_WITHOUT";
    public const string VmlinuxBtf = "/sys/kernel/btf/vmlinux";

    // What the program attaches to with tp_btf; the kernel's BTF has a btf_trace_<name> typedef for each.
    private static readonly string[] s_tracepoints = ["sys_enter", "sys_exit", "sched_process_exec", "sched_process_fork", "sched_process_exit"];

    private readonly Dictionary<BpfFeature, bool?> _found;

    private KernelCapabilities(Dictionary<BpfFeature, bool?> found, IReadOnlySet<BpfFeature> forced)
    {
        _found = found;
        Forced = forced;
    }

    /// <summary>The features SYSREC_BPF_WITHOUT has sysrec do without.</summary>
    public IReadOnlySet<BpfFeature> Forced { get; }

    /// <summary>Whether the kernel has the feature as probed, whatever SYSREC_BPF_WITHOUT says; null when it could not be told (no privilege to probe).</summary>
    public bool? Found(BpfFeature feature) => _found[feature];

    /// <summary>
    /// Whether sysrec may use the feature: the kernel has it and SYSREC_BPF_WITHOUT does not name it. tp_btf,
    /// bpf_get_current_task_btf and task storage name kernel types by their ids in the kernel's own BTF.
    /// </summary>
    public bool Has(BpfFeature feature) =>
        _found[feature] == true && !Forced.Contains(feature)
        && (feature is not (BpfFeature.TracingPrograms or BpfFeature.TaskBtf or BpfFeature.TaskStorage) || Has(BpfFeature.Btf));

    /// <summary>
    /// Probes every feature; without privileges only the BTF file can be looked at, the rest is unknown.
    /// tp_btf, bpf_get_current_task_btf and task storage need the kernel's own BTF, which --btf cannot stand in for.
    /// </summary>
    public static KernelCapabilities Probe(bool privileged)
    {
        IReadOnlySet<BpfFeature> forced = ForcedMissing(Environment.GetEnvironmentVariable(WithoutVariable));
        using SafeBtfHandle btf = File.Exists(VmlinuxBtf) ? Interop.Libbpf.BtfLoadVmlinux() : new SafeBtfHandle();
        bool hasBtf = !btf.IsInvalid;
        var found = new Dictionary<BpfFeature, bool?> { [BpfFeature.Btf] = hasBtf };
        if (!privileged)
        {
            foreach (BpfFeature feature in Enum.GetValues<BpfFeature>())
                found.TryAdd(feature, null);
            return new KernelCapabilities(found, forced);
        }
        found[BpfFeature.RingBuffer] = Interop.Libbpf.ProbeMapType(Interop.Libbpf.BPF_MAP_TYPE_RINGBUF, 0) == 1;
        found[BpfFeature.TracingPrograms] = hasBtf && TracepointsAttach(btf);
        found[BpfFeature.Callbacks] = HasHelper(Interop.Libbpf.BPF_FUNC_for_each_map_elem);
        found[BpfFeature.TaskBtf] = hasBtf && HasHelper(Interop.Libbpf.BPF_FUNC_get_current_task_btf);
        found[BpfFeature.TaskStorage] = hasBtf && HasHelper(Interop.Libbpf.BPF_FUNC_task_storage_get)
            && Interop.Libbpf.ProbeMapType(Interop.Libbpf.BPF_MAP_TYPE_TASK_STORAGE, 0) == 1;
        found[BpfFeature.Loop] = HasHelper(Interop.Libbpf.BPF_FUNC_loop);
        found[BpfFeature.TaskPtRegs] = HasHelper(Interop.Libbpf.BPF_FUNC_task_pt_regs);
        return new KernelCapabilities(found, forced);
    }

    /// <summary>The features a SYSREC_BPF_WITHOUT value names, comma-separated.</summary>
    internal static IReadOnlySet<BpfFeature> ForcedMissing(string? value)
    {
        var forced = new HashSet<BpfFeature>();
        foreach (string name in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            forced.Add(BpfFeatures.Parse(name) ?? throw new SysrecException(ExitCodes.Usage,
                $"{WithoutVariable}: no feature '{name}'. Name some of {string.Join(", ", Enum.GetValues<BpfFeature>().Select(BpfFeatures.Name))}"));
        }
        return forced;
    }

    // libbpf does not probe helpers for tp_btf's program type (BPF_PROG_TYPE_TRACING: -EOPNOTSUPP); raw
    // tracepoint programs are offered the same tracing helpers (the kernel's bpf_tracing_func_proto).
    private static bool HasHelper(int helper) =>
        Interop.Libbpf.ProbeHelper(Interop.Libbpf.BPF_PROG_TYPE_RAW_TRACEPOINT, helper, 0) == 1;

    /// <summary>
    /// Each tracepoint the program uses in the kernel's BTF, and the smallest tracing program accepted on
    /// sys_enter. libbpf's own probe of BPF_PROG_TYPE_TRACING loads one attached nowhere, which every
    /// kernel refuses, so it says no even where tp_btf works.
    /// </summary>
    private static bool TracepointsAttach(SafeBtfHandle btf)
    {
        if (s_tracepoints.Any(name => TracepointType(btf, name) < 0))
            return false;
        ReadOnlySpan<ulong> returnZero = [0xb7 /* r0 = 0 */, 0x95 /* exit */];
        int fd = Interop.Libbpf.ProgramLoad(Interop.Libbpf.BPF_PROG_TYPE_TRACING, "sysrec_probe", "Dual BSD/GPL", returnZero,
            Interop.Libbpf.BPF_TRACE_RAW_TP, (uint)TracepointType(btf, "sys_enter"));
        if (fd < 0)
            return false;
        new SafeFileHandle(fd, ownsHandle: true).Dispose();
        return true;
    }

    private static int TracepointType(SafeBtfHandle btf, string tracepoint) =>
        Interop.Libbpf.BtfFindByNameKind(btf, "btf_trace_" + tracepoint, Interop.Libbpf.BTF_KIND_TYPEDEF);
}
