namespace Sysrec.Kernel;

/// <summary>The names, descriptions and first kernels of <see cref="BpfFeature"/>, as doctor, the errors and SYSREC_BPF_WITHOUT give them.</summary>
internal static class BpfFeatures
{
    public static string Name(BpfFeature feature) => feature switch
    {
        BpfFeature.Btf => "btf",
        BpfFeature.RingBuffer => "ringbuf",
        BpfFeature.TracingPrograms => "tp_btf",
        BpfFeature.Callbacks => "callbacks",
        BpfFeature.TaskBtf => "task_btf",
        BpfFeature.TaskStorage => "task_storage",
        BpfFeature.Loop => "bpf_loop",
        BpfFeature.TaskPtRegs => "task_pt_regs",
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    public static string Description(BpfFeature feature) => feature switch
    {
        BpfFeature.Btf => "BTF at /sys/kernel/btf/vmlinux",
        BpfFeature.RingBuffer => "ring buffer map (BPF_MAP_TYPE_RINGBUF)",
        BpfFeature.TracingPrograms => "tp_btf programs",
        BpfFeature.Callbacks => "BPF callbacks",
        BpfFeature.TaskBtf => "bpf_get_current_task_btf",
        BpfFeature.TaskStorage => "task storage in tracing programs",
        BpfFeature.Loop => "bpf_loop",
        BpfFeature.TaskPtRegs => "bpf_task_pt_regs",
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    public static Version FirstKernel(BpfFeature feature) => feature switch
    {
        BpfFeature.Btf => new(5, 4),
        BpfFeature.RingBuffer => new(5, 8),
        BpfFeature.TracingPrograms => new(5, 5),
        BpfFeature.Callbacks => new(5, 13),
        BpfFeature.TaskBtf => new(5, 11),
        BpfFeature.TaskStorage => new(5, 13),
        BpfFeature.Loop => new(5, 17),
        BpfFeature.TaskPtRegs => new(5, 15),
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    public static BpfFeature? Parse(string name) =>
        Enum.GetValues<BpfFeature>().Cast<BpfFeature?>().FirstOrDefault(feature => Name(feature!.Value) == name);
}
