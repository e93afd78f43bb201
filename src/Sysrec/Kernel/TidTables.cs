using System.Globalization;
using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>
/// The loader's side of the tid tables, the hashes keyed by thread id that stand in for task storage on
/// kernels without it (<see cref="BpfVariant.TidTables"/>): an entry holds its thread's start time, in
/// the clock ticks /proc gives it in, which tells two threads of one id apart.
/// </summary>
internal static class TidTables
{
    /// <summary>SYSREC_MAX_TABLE_THREADS: the threads a table holds at once.</summary>
    public const int MaxThreads = 65536;

    /// <summary>SYSREC_START_TICK_NS: a clock tick (1 / USER_HZ, which is 100 on x86_64 and arm64).</summary>
    public const long StartTickNs = 10_000_000;

    /// <summary>Mirror of <c>struct relevance_entry</c> in bpf/sysrec.bpf.c.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RelevanceEntry
    {
        public ulong Started;
        public int ProgIndex;
        private readonly int _padding;
    }

    /// <summary>The thread's start time in clock ticks since boot (field 22 of its stat), or null once it has exited.</summary>
    public static ulong? StartTicks(int pid, int tid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/task/{tid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
        // The comm, field 2, is in parentheses and may hold spaces and parentheses itself.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ulong.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
    }
}
