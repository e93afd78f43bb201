using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// Asks the running kernel for what the BPF program and its loader use (libbpf's probes, lookups in
/// the kernel's BTF, /proc and /sys), then whether the program itself loads: what `sysrec doctor` shows.
/// </summary>
internal static class KernelFeatures
{
    private const string UnprivilegedBpf = "/proc/sys/kernel/unprivileged_bpf_disabled";
    // Without privileges the kernel refuses every probe, which libbpf takes for a yes or a no as it comes.
    private const string NotProbed = "not probed without privileges";

    public static IReadOnlyList<KernelFeature> Probe()
    {
        // libbpf would print the failures it probes for to stderr.
        BpfLog.Install(verbose: false);
        bool privileged = KernelSupport.HasTracingCapabilities(File.ReadAllText("/proc/self/status"));
        KernelCapabilities kernel = KernelCapabilities.Probe(privileged);
        List<KernelFeature> features =
        [
            Needed(kernel, BpfFeature.Btf, "needs Linux 5.4 built with CONFIG_DEBUG_INFO_BTF=y, or its BTF given with --btf FILE",
                "Use a kernel built with CONFIG_DEBUG_INFO_BTF=y, or give its BTF with --btf FILE"),
            new("privileges", "root, or CAP_BPF and CAP_PERFMON", privileged, "CAP_BPF and CAP_PERFMON need Linux 5.8", Needed: true,
                "Run it as root, e.g. with sudo"),
            Needed(kernel, BpfFeature.RingBuffer, "needs Linux 5.8", "Use Linux 5.8 or later"),
            WithFallback(kernel, BpfFeature.TracingPrograms, "raw_tp programs"),
            WithFallback(kernel, BpfFeature.TaskBtf, "CO-RE reads of tasks"),
            WithFallback(kernel, BpfFeature.Callbacks, "raw_tp programs"),
            WithFallback(kernel, BpfFeature.TaskStorage, "tables by thread id"),
            WithFallback(kernel, BpfFeature.Loop, "a bounded loop; --decode needs it"),
            new(BpfFeatures.Description(BpfFeature.TaskPtRegs), Detail(kernel, BpfFeature.TaskPtRegs), Found(kernel, BpfFeature.TaskPtRegs),
                "--decode needs Linux 5.15", Needed: false, ""),
            LockdownMode(),
        ];
        BpfVariant variant = BpfVariant.For(kernel);
        bool recordable = !features.Any(need => need.Needed && need.Found == false);
        features.Add(new("the path taken", variant.Description, recordable ? true : null, "what this kernel lacks, done another way", Needed: false, ""));
        features.Add(ProgramLoads(recordable, "record --exit --paths", decode: false));
        features.Add(ProgramLoads(recordable && BpfVariant.MissingForDecode(kernel).Length == 0, "record --decode", decode: true));
        features.Add(ThreadPidfd());
        features.Add(UnprivilegedBpfSetting());
        features.Add(Tracefs());
        return features;
    }

    private static bool? Found(KernelCapabilities kernel, BpfFeature feature) =>
        kernel.Found(feature) is null ? null : kernel.Has(feature);

    private static string? Detail(KernelCapabilities kernel, BpfFeature feature) =>
        kernel.Found(feature) is null && feature != BpfFeature.Btf ? NotProbed
        : kernel.Forced.Contains(feature) ? $"taken away by {KernelCapabilities.WithoutVariable}"
        : null;

    private static KernelFeature Needed(KernelCapabilities kernel, BpfFeature feature, string requirement, string remedy) =>
        new(BpfFeatures.Description(feature), Detail(kernel, feature), Found(kernel, feature), requirement, Needed: true, remedy, BpfFeatures.FirstKernel(feature));

    private static KernelFeature WithFallback(KernelCapabilities kernel, BpfFeature feature, string fallback) =>
        new(BpfFeatures.Description(feature), Detail(kernel, feature), Found(kernel, feature),
            $"needs Linux {BpfFeatures.FirstKernel(feature)}, else {fallback}", Needed: false, "");

    /// <summary>
    /// The program loaded as <paramref name="loadedAs"/> loads it, not attached: the verifier's word on all
    /// of it, whatever the probes above may have missed. Tried only when none of them found a need missing.
    /// </summary>
    private static KernelFeature ProgramLoads(bool possible, string loadedAs, bool decode)
    {
        string feature = decode ? "the --decode programs" : "the BPF program";
        string requirement = decode ? "--decode needs them" : "needs all of the above";
        if (!possible)
            return new(feature, "not loaded: something it needs is missing", null, requirement, Needed: !decode, "");
        try
        {
            var options = new TracerOptions
            {
                RingBufferBytes = Environment.SystemPageSize,
                CaptureExit = !decode,
                CapturePaths = !decode,
                ExecEvents = !decode,
                DecodeSpecs = decode ? [] : null,
            };
            using Tracer tracer = Tracer.Load(TraceSelection.From(["sysrec-doctor"], []), options);
            return new(feature, $"loads, as {loadedAs} loads it", true, requirement, Needed: !decode, "");
        }
        catch (SysrecException e)
        {
            return new(feature, "refused by the kernel", false, requirement, Needed: !decode, char.ToUpperInvariant(e.Message[0]) + e.Message[1..]);
        }
    }

    private static KernelFeature LockdownMode()
    {
        const string Requirement = "needs none or integrity: confidentiality forbids reading kernel memory";
        const string Remedy = "Boot without lockdown=confidentiality";
        string? mode = KernelSupport.Lockdown();
        return mode is null
            ? new("lockdown", "not known: securityfs is not mounted", null, Requirement, Needed: true, Remedy)
            : new("lockdown", mode, mode != "confidentiality", Requirement, Needed: true, Remedy);
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
        string? mountPoint = KernelSupport.MountPoint("tracefs");
        return new("tracefs", mountPoint is null ? "not mounted" : $"at {mountPoint}", mountPoint is not null, "not needed: tp_btf and raw_tp attach without it", Needed: false, "");
    }
}
