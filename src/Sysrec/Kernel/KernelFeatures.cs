using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// Asks the running kernel for what the BPF program and its loader use (libbpf's probes, lookups in
/// the kernel's BTF, /proc and /sys), then whether the program itself loads: what `sysrec doctor` shows.
/// </summary>
internal static class KernelFeatures
{
    private const string VmlinuxBtf = "/sys/kernel/btf/vmlinux";
    private const string UnprivilegedBpf = "/proc/sys/kernel/unprivileged_bpf_disabled";
    private const string TracingPrograms = "tp_btf programs";
    // Without privileges the kernel refuses every probe, which libbpf takes for a yes or a no as it comes.
    private const string NotProbed = "not probed without privileges";

    // What the program attaches to with tp_btf; the kernel's BTF has a btf_trace_<name> typedef for each.
    private static readonly string[] s_tracepoints = ["sys_enter", "sys_exit", "sched_process_exec", "sched_process_fork", "sched_process_exit"];

    public static IReadOnlyList<KernelFeature> Probe()
    {
        // libbpf would print the failures it probes for to stderr.
        BpfLog.Install(verbose: false);
        bool privileged = KernelSupport.HasTracingCapabilities(File.ReadAllText("/proc/self/status"));
        using SafeBtfHandle btf = File.Exists(VmlinuxBtf) ? Interop.Libbpf.BtfLoadVmlinux() : new SafeBtfHandle();
        List<KernelFeature> features =
        [
            new("BTF", VmlinuxBtf, !btf.IsInvalid, "needs Linux 5.4 built with CONFIG_DEBUG_INFO_BTF=y", Needed: true,
                "Use a kernel built with CONFIG_DEBUG_INFO_BTF=y"),
            new("privileges", "root, or CAP_BPF and CAP_PERFMON", privileged, "CAP_BPF and CAP_PERFMON need Linux 5.8", Needed: true,
                "Run it as root, e.g. with sudo"),
            TracepointAttach(btf, privileged),
            MapType("5.8", "ring buffer map", "BPF_MAP_TYPE_RINGBUF", Interop.Libbpf.BPF_MAP_TYPE_RINGBUF, privileged),
            MapType("5.11", "task storage map", "BPF_MAP_TYPE_TASK_STORAGE", Interop.Libbpf.BPF_MAP_TYPE_TASK_STORAGE, privileged),
            Helper("5.11", "bpf_get_current_task_btf", Interop.Libbpf.BPF_FUNC_get_current_task_btf, privileged),
            Helper("5.13", "bpf_task_storage_get in tracing programs", Interop.Libbpf.BPF_FUNC_task_storage_get, privileged),
            Helper("5.17", "bpf_loop", Interop.Libbpf.BPF_FUNC_loop, privileged),
            LockdownMode(),
        ];
        features.Add(ProgramLoads(features));
        features.Add(ThreadPidfd());
        features.Add(UnprivilegedBpfSetting());
        features.Add(Tracefs());
        return features;
    }

    /// <summary>libbpf's probe result: 1 has it, 0 has not, negative could not tell.</summary>
    private static bool? Probed(int result) => result < 0 ? null : result == 1;

    private static KernelFeature MapType(string version, string name, string type, int mapType, bool privileged) =>
        privileged
            ? KernelFeature.Since(version, name, type, Probed(Interop.Libbpf.ProbeMapType(mapType, 0)))
            : KernelFeature.Since(version, name, $"{type}: {NotProbed}", null);

    // libbpf does not probe helpers for tp_btf's program type (BPF_PROG_TYPE_TRACING: -EOPNOTSUPP); raw
    // tracepoint programs are offered the same tracing helpers (the kernel's bpf_tracing_func_proto).
    private static KernelFeature Helper(string version, string name, int helper, bool privileged) =>
        privileged
            ? KernelFeature.Since(version, name, null, Probed(Interop.Libbpf.ProbeHelper(Interop.Libbpf.BPF_PROG_TYPE_RAW_TRACEPOINT, helper, 0)))
            : KernelFeature.Since(version, name, NotProbed, null);

    /// <summary>
    /// Each tracepoint the program uses in the kernel's BTF, and the smallest tracing program accepted on
    /// sys_enter. libbpf's own probe of BPF_PROG_TYPE_TRACING loads one attached nowhere, which every
    /// kernel refuses, so it says no even where tp_btf works.
    /// </summary>
    private static KernelFeature TracepointAttach(SafeBtfHandle btf, bool privileged)
    {
        if (btf.IsInvalid)
            return KernelFeature.Since("5.5", TracingPrograms, "no BTF to find the tracepoints in", null);
        string[] absent = [.. s_tracepoints.Where(name => TracepointType(btf, name) < 0)];
        if (absent.Length > 0)
            return KernelFeature.Since("5.5", TracingPrograms, $"the kernel's BTF has no {string.Join(", ", absent)}", false);
        if (!privileged)
            return KernelFeature.Since("5.5", TracingPrograms, $"tracepoints in BTF, {NotProbed}", null);

        ReadOnlySpan<ulong> returnZero = [0xb7 /* r0 = 0 */, 0x95 /* exit */];
        int fd = Interop.Libbpf.ProgramLoad(Interop.Libbpf.BPF_PROG_TYPE_TRACING, "sysrec_probe", "Dual BSD/GPL", returnZero,
            Interop.Libbpf.BPF_TRACE_RAW_TP, (uint)TracepointType(btf, "sys_enter"));
        if (fd >= 0)
            new SafeFileHandle(fd, ownsHandle: true).Dispose();
        return KernelFeature.Since("5.5", TracingPrograms, "raw_syscalls and sched tracepoints through BTF", fd >= 0);
    }

    private static int TracepointType(SafeBtfHandle btf, string tracepoint) =>
        Interop.Libbpf.BtfFindByNameKind(btf, "btf_trace_" + tracepoint, Interop.Libbpf.BTF_KIND_TYPEDEF);

    /// <summary>
    /// The program loaded as `record --exit --paths` loads it, not attached: the verifier's word on all of
    /// it, whatever the probes above may have missed. Tried only when none of them found a need missing.
    /// </summary>
    private static KernelFeature ProgramLoads(IEnumerable<KernelFeature> needs)
    {
        const string Feature = "the BPF program";
        const string Requirement = "needs all of the above";
        if (needs.Any(need => need.Needed && need.Found == false))
            return new(Feature, "not loaded: something it needs is missing", null, Requirement, Needed: true, "");
        try
        {
            var options = new TracerOptions { RingBufferBytes = Environment.SystemPageSize, CaptureExit = true, CapturePaths = true, ExecEvents = true };
            using Tracer tracer = Tracer.Load(TraceSelection.From(["sysrec-doctor"], []), options);
            return new(Feature, "loads, as record --exit --paths loads it", true, Requirement, Needed: true, "");
        }
        catch (SysrecException e)
        {
            return new(Feature, "refused by the kernel", false, Requirement, Needed: true, char.ToUpperInvariant(e.Message[0]) + e.Message[1..]);
        }
    }

    private static KernelFeature LockdownMode()
    {
        const string Requirement = "needs none or integrity: confidentiality forbids reading kernel memory";
        const string Remedy = "Boot without lockdown=confidentiality";
        if (MountPoint("securityfs") is not string securityfs)
            return new("lockdown", "not known: securityfs is not mounted", null, Requirement, Needed: true, Remedy);
        string file = Path.Combine(securityfs, "lockdown");
        if (!File.Exists(file))
            return new("lockdown", "none: no lockdown LSM", true, Requirement, Needed: true, Remedy);
        // "none [integrity] confidentiality": the mode in force is the bracketed one.
        string modes = File.ReadAllText(file);
        int open = modes.IndexOf('['), close = modes.IndexOf(']');
        string mode = open >= 0 && close > open ? modes[(open + 1)..close] : modes.Trim();
        return new("lockdown", mode, mode != "confidentiality", Requirement, Needed: true, Remedy);
    }

    private static KernelFeature ThreadPidfd()
    {
        using SafeFileHandle pidfd = Interop.Libc.PidfdOpen(Environment.ProcessId, Interop.Libc.PIDFD_THREAD);
        return new("pidfd of a thread", "PIDFD_THREAD", !pidfd.IsInvalid,
            "needs Linux 6.9 for the threads of a program already running (or given with -p)", Needed: false, "");
    }

    private static KernelFeature UnprivilegedBpfSetting()
    {
        string? setting = File.Exists(UnprivilegedBpf) ? File.ReadAllText(UnprivilegedBpf).Trim() : null;
        string detail = setting is null ? "not known" : setting == "0" ? "allowed" : $"disabled: kernel.unprivileged_bpf_disabled={setting}";
        return new("unprivileged BPF", detail, setting is null ? null : setting == "0", "not needed: sysrec runs as root or with CAP_BPF", Needed: false, "");
    }

    private static KernelFeature Tracefs()
    {
        string? mountPoint = MountPoint("tracefs");
        return new("tracefs", mountPoint is null ? "not mounted" : $"at {mountPoint}", mountPoint is not null, "not needed: tp_btf attaches through BTF", Needed: false, "");
    }

    /// <summary>Where a file system of this type is mounted, from /proc/self/mounts; the first if several.</summary>
    private static string? MountPoint(string type)
    {
        foreach (string line in File.ReadLines("/proc/self/mounts"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 2 && fields[2] == type)
                return fields[1];
        }
        return null;
    }
}
