namespace Sysrec.Kernel;

/// <summary>The error a refused libbpf or bpf() call becomes: what failed, and why as libbpf and its log say.</summary>
internal static class BpfFailure
{
    private const int EPERM = 1;
    private const int EACCES = 13;

    public static SysrecException Refused(string what, int errno)
    {
        string why = errno is EPERM or EACCES
            ? "permission denied. Run it as root, or with CAP_BPF and CAP_PERFMON"
            : $"{Interop.Libbpf.ErrorText(errno)}.{DetailsHint()}";
        return new SysrecException(ExitCodes.Failure, $"{what}: {why}");
    }

    private static string DetailsHint()
    {
        string warnings = BpfLog.RecentWarnings().TrimEnd();
        return warnings.Length == 0 ? " Run with --verbose for libbpf's log" : $" libbpf said:\n{warnings}";
    }
}
