namespace Sysrec.Tests.Decoding;

/// <summary>The test's own resource limits, which strace and its workloads inherit: the values a workload's prlimit64 reads.</summary>
internal static class ResourceLimits
{
    /// <summary>A line of /proc/self/limits by its name: "Max stack size  8388608  unlimited  bytes".</summary>
    public static (ulong Current, ulong Maximum) Of(string name)
    {
        string[] fields = File.ReadLines("/proc/self/limits").Single(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static ulong Value(string text) => text == "unlimited" ? ulong.MaxValue : ulong.Parse(text);
        return (Value(fields[0]), Value(fields[1]));
    }
}
