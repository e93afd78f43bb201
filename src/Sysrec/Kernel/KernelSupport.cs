using System.Globalization;

namespace Sysrec.Kernel;

/// <summary>Checks, before anything is loaded, what the tracer needs from this kernel and this process.</summary>
internal static class KernelSupport
{
    private const string VmlinuxBtf = "/sys/kernel/btf/vmlinux";
    private const int CapSysAdmin = 21;
    private const int CapPerfmon = 38;
    private const int CapBpf = 39;

    public static void EnsureTracingPossible()
    {
        if (!HasTracingCapabilities(File.ReadAllText("/proc/self/status")))
            throw new SysrecException(ExitCodes.Failure,
                "cannot load the BPF tracer: permission denied (it needs root, or CAP_BPF and CAP_PERFMON). Run it as root, e.g. with sudo");
        if (!File.Exists(VmlinuxBtf))
            throw new SysrecException(ExitCodes.Failure,
                $"cannot load the BPF tracer: this kernel has no BTF ({VmlinuxBtf} is missing). Use a kernel built with CONFIG_DEBUG_INFO_BTF=y");
    }

    /// <summary>Reads the effective set from /proc/self/status: CAP_SYS_ADMIN, or both CAP_BPF and CAP_PERFMON.</summary>
    internal static bool HasTracingCapabilities(string procStatus)
    {
        foreach (string line in procStatus.Split('\n'))
        {
            if (!line.StartsWith("CapEff:", StringComparison.Ordinal))
                continue;
            ulong effective = ulong.Parse(line.AsSpan("CapEff:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            bool Has(int capability) => (effective & (1UL << capability)) != 0;
            return Has(CapSysAdmin) || (Has(CapBpf) && Has(CapPerfmon));
        }
        return false;
    }
}
