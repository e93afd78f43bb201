namespace Sysrec.Kernel;

/// <summary>
/// The BPF program as it is loaded on this kernel: the fallback it takes for each feature the kernel
/// lacks (bpf/sysrec.bpf.c, "fallbacks"), with the same records and the same meaning on every path.
/// </summary>
/// <param name="Compat">raw_tp programs that name no callback, where tp_btf is missing or the kernel predates BPF callbacks.</param>
/// <param name="CoreReads">Tasks read by CO-RE probe reads, where bpf_get_current_task_btf is missing (and with raw_tp).</param>
/// <param name="TidTables">Hashes keyed by thread id, where task storage is missing from tracing programs (and with CO-RE reads).</param>
/// <param name="BoundedLoop">A bounded loop finds an exec's basename, where bpf_loop is missing.</param>
internal sealed record BpfVariant(bool Compat, bool CoreReads, bool TidTables, bool BoundedLoop)
{
    /// <summary>
    /// The programs that come as twins: the tp_btf one, its raw_tp twin (Compat) and, for the syscall
    /// programs, which run on every syscall, a tp_btf twin with the fallbacks, so that the default one
    /// reads no fallback setting.
    /// </summary>
    private static readonly string[] s_twinned = ["inherit_on_fork", "release_on_exit", "mark_on_exec", "judge_again_on_move"];
    private static readonly string[] s_tripled = ["record_sys_enter", "record_sys_exit"];

    private static readonly string[] s_taskStorageMaps = ["relevance_cache", "pending_calls", "pending_paths"];
    private static readonly string[] s_tidTableMaps = ["relevance_by_tid", "pending_calls_by_tid", "pending_paths_by_tid", "tid_entry_seeds"];

    // What --decode reads with, for which it has no fallback.
    private static readonly BpfFeature[] s_decodeNeeds =
        [BpfFeature.TracingPrograms, BpfFeature.Callbacks, BpfFeature.TaskBtf, BpfFeature.Loop, BpfFeature.TaskPtRegs];

    public static BpfVariant For(KernelCapabilities kernel)
    {
        bool compat = !kernel.Has(BpfFeature.TracingPrograms) || !kernel.Has(BpfFeature.Callbacks);
        // A raw tracepoint's pointers, and bpf_get_current_task's, are plain numbers to the verifier, and task
        // storage takes only a task it knows for one.
        bool coreReads = compat || !kernel.Has(BpfFeature.TaskBtf);
        return new BpfVariant(compat, coreReads, coreReads || !kernel.Has(BpfFeature.TaskStorage), compat || !kernel.Has(BpfFeature.Loop));
    }

    /// <summary>What --decode needs that the kernel lacks (or SYSREC_BPF_WITHOUT takes away).</summary>
    public static BpfFeature[] MissingForDecode(KernelCapabilities kernel) => [.. s_decodeNeeds.Where(feature => !kernel.Has(feature))];

    public bool IsDefault => !Compat && !CoreReads && !TidTables && !BoundedLoop;

    /// <summary>The path taken, as doctor and --version say it.</summary>
    public string Description => IsDefault
        ? "tp_btf programs, BTF task pointers, task storage, bpf_loop"
        : string.Join(", ", new[]
        {
            Compat ? "raw_tp programs" : "tp_btf programs",
            CoreReads ? "CO-RE reads of tasks" : "BTF task pointers",
            TidTables ? $"tables by thread id (for {Kernel.TidTables.MaxThreads} threads)" : "task storage",
            BoundedLoop ? "a bounded loop" : "bpf_loop",
        });

    /// <summary>
    /// Sets up the opened object for this path: of each twinned program the one it takes, loaded if
    /// <paramref name="wanted"/> says the recording needs it; of the state maps only those it uses.
    /// </summary>
    public void Apply(BpfObject program, Func<string, bool> wanted)
    {
        foreach (string name in s_twinned.Concat(s_tripled))
        {
            string taken = Compat ? name + "_compat" : IsDefault || !s_tripled.Contains(name) ? name : name + "_fallback";
            program.SetAutoload(name, taken == name && wanted(name));
            program.SetAutoload(name + "_compat", taken == name + "_compat" && wanted(name));
            if (s_tripled.Contains(name))
                program.SetAutoload(name + "_fallback", taken == name + "_fallback" && wanted(name));
        }
        foreach (string map in s_taskStorageMaps)
            program.Map(map).SetAutocreate(!TidTables);
        foreach (string map in s_tidTableMaps)
            program.Map(map).SetAutocreate(TidTables);
    }
}
