namespace Sysrec.Tests.Integration;

/// <summary>A process's resident memory now and at its peak, in bytes, from /proc/PID/status (VmRSS, VmHWM).</summary>
internal readonly record struct ProcessMemory(long Resident, long PeakResident)
{
    public const long MiB = 1 << 20;

    public static ProcessMemory Of(int pid)
    {
        string[] status = File.ReadAllLines($"/proc/{pid}/status");
        return new ProcessMemory(Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }

    // "VmRSS:	   41748 kB"
    private static long Field(string[] status, string name) =>
        long.Parse(status.Single(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0]) * 1024;
}
