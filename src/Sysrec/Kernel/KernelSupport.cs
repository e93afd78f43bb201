using System.Globalization;
using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>
/// Checks, before anything is loaded, what the tracer needs from this kernel and this process, and
/// chooses the path the program takes on it; what it cannot do without is one line saying what is
/// missing and which kernel has it.
/// </summary>
internal static class KernelSupport
{
    private const string UnprivilegedBpf = "/proc/sys/kernel/unprivileged_bpf_disabled";
    private const int CapSysAdmin = 21;
    private const int CapPerfmon = 38;
    private const int CapBpf = 39;

    /// <summary>The path the program takes here for <paramref name="options"/>, once everything it cannot do without is found.</summary>
    public static BpfVariant Check(TracerOptions options)
    {
        string? missing = MissingCapabilities(File.ReadAllText("/proc/self/status"));
        if (missing is not null)
            throw new SysrecException(ExitCodes.Failure,
                $"cannot load the BPF tracer: permission denied: it needs root, or CAP_BPF and CAP_PERFMON (Linux 5.8), and has not {missing}{UnprivilegedBpfNote()}. Run it as root, e.g. with sudo");
        if (Lockdown() == "confidentiality")
            throw new SysrecException(ExitCodes.Failure,
                "cannot load the BPF tracer: the kernel is locked down (lockdown=confidentiality), which forbids BPF programs to read kernel memory. Boot with lockdown=integrity or none");
        if (options.BtfPath is not null)
            CheckBtfFile(options.BtfPath);
        KernelCapabilities kernel = KernelCapabilities.Probe(privileged: true);
        if (!kernel.Has(BpfFeature.Btf) && options.BtfPath is null)
            throw new SysrecException(ExitCodes.Failure,
                $"cannot load the BPF tracer: {Lacks(kernel, BpfFeature.Btf, "built with CONFIG_DEBUG_INFO_BTF=y")}. "
                + "Use a kernel built with it, or give this kernel's BTF with --btf FILE (BTFHub has it for many distribution kernels)");
        if (!kernel.Has(BpfFeature.RingBuffer))
            throw new SysrecException(ExitCodes.Failure,
                $"cannot load the BPF tracer: {Lacks(kernel, BpfFeature.RingBuffer)}. Use Linux 5.8 or later");
        if (options.Decode && BpfVariant.MissingForDecode(kernel) is [_, ..] lacking)
            throw new SysrecException(ExitCodes.Failure,
                $"cannot decode on this kernel: {string.Join(", ", lacking.Select(feature => Lacks(kernel, feature)))}. "
                + $"Record without --decode, or use Linux {lacking.Max(BpfFeatures.FirstKernel)} or later");
        return BpfVariant.For(kernel);
    }

    /// <summary>Reads the effective set from /proc/self/status: CAP_SYS_ADMIN, or both CAP_BPF and CAP_PERFMON.</summary>
    internal static bool HasTracingCapabilities(string procStatus) => MissingCapabilities(procStatus) is null;

    /// <summary>Of CAP_BPF and CAP_PERFMON, those missing (null if none, or if CAP_SYS_ADMIN stands in for both).</summary>
    private static string? MissingCapabilities(string procStatus)
    {
        foreach (string line in procStatus.Split('\n'))
        {
            if (!line.StartsWith("CapEff:", StringComparison.Ordinal))
                continue;
            ulong effective = ulong.Parse(line.AsSpan("CapEff:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            bool Has(int capability) => (effective & (1UL << capability)) != 0;
            if (Has(CapSysAdmin))
                return null;
            string[] missing = [.. new[] { (CapBpf, "CAP_BPF"), (CapPerfmon, "CAP_PERFMON") }.Where(cap => !Has(cap.Item1)).Select(cap => cap.Item2)];
            return missing.Length == 0 ? null : string.Join(" and ", missing);
        }
        return "CAP_BPF and CAP_PERFMON";
    }

    /// <summary>"this kernel has no X (Linux V)", saying so when it is SYSREC_BPF_WITHOUT that takes it away.</summary>
    internal static string Lacks(KernelCapabilities kernel, BpfFeature feature, string? detail = null)
    {
        string forced = kernel.Forced.Contains(feature) && kernel.Found(feature) == true ? $", taken away by {KernelCapabilities.WithoutVariable}" : "";
        return $"this kernel has no {BpfFeatures.Description(feature)} (Linux {BpfFeatures.FirstKernel(feature)}{(detail is null ? "" : " " + detail)}{forced})";
    }

    private static void CheckBtfFile(string path)
    {
        using SafeBtfHandle btf = Interop.Libbpf.BtfParse(path, 0);
        if (btf.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            string why = error == Interop.Libc.ENOENT ? "no such file" : $"not a BTF file ({Interop.Libbpf.ErrorText(error)})";
            throw new SysrecException(ExitCodes.Usage, $"--btf {path}: {why}. Give this kernel's BTF, e.g. its file from BTFHub, or /sys/kernel/btf/vmlinux of a kernel that has one");
        }
    }

    private static string UnprivilegedBpfNote()
    {
        string? setting = File.Exists(UnprivilegedBpf) ? File.ReadAllText(UnprivilegedBpf).Trim() : null;
        return setting is null or "0" ? "" : $"; unprivileged BPF is disabled too (kernel.unprivileged_bpf_disabled={setting})";
    }

    /// <summary>The lockdown mode in force ("none", "integrity", "confidentiality"), or null if it cannot be read.</summary>
    internal static string? Lockdown()
    {
        if (MountPoint("securityfs") is not string securityfs)
            return null;
        string file = Path.Combine(securityfs, "lockdown");
        if (!File.Exists(file))
            return "none";
        // "none [integrity] confidentiality": the mode in force is the bracketed one.
        string modes = File.ReadAllText(file);
        int open = modes.IndexOf('['), close = modes.IndexOf(']');
        return open >= 0 && close > open ? modes[(open + 1)..close] : modes.Trim();
    }

    /// <summary>Where a file system of this type is mounted, from /proc/self/mounts; the first if several.</summary>
    internal static string? MountPoint(string type)
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
