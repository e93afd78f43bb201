namespace Sysrec.Kernel;

/// <summary>
/// What the BPF program uses that old kernels lack, each with its first Linux version and the name
/// SYSREC_BPF_WITHOUT gives it (<see cref="KernelCapabilities"/>).
/// </summary>
internal enum BpfFeature
{
    /// <summary>The kernel's own BTF (/sys/kernel/btf/vmlinux), which CO-RE reads need unless --btf gives one: 5.4 built with CONFIG_DEBUG_INFO_BTF.</summary>
    Btf,

    /// <summary>BPF_MAP_TYPE_RINGBUF, where every record goes: 5.8.</summary>
    RingBuffer,

    /// <summary>tp_btf programs on the raw_syscalls and sched tracepoints: 5.5.</summary>
    TracingPrograms,

    /// <summary>BPF callbacks (ld_imm64 of a function, first used by bpf_for_each_map_elem): 5.13.</summary>
    Callbacks,

    /// <summary>bpf_get_current_task_btf: 5.11.</summary>
    TaskBtf,

    /// <summary>Task storage from tracing programs: 5.13.</summary>
    TaskStorage,

    /// <summary>bpf_loop: 5.17.</summary>
    Loop,

    /// <summary>bpf_task_pt_regs, which --decode reads an exec's registers with: 5.15.</summary>
    TaskPtRegs,
}
