namespace Sysrec.Tests.Integration;

/// <summary>The x86_64 numbers of the syscalls the workloads make on purpose.</summary>
internal static class Nr
{
    public const long Brk = 12;
    public const long SchedYield = 24;
    public const long Execve = 59;
    public const long Getpid = 39;
    public const long Getppid = 110;
    public const long Prctl = 157;
    public const long ExitGroup = 231;
    public const long SetRobustList = 273;

    /// <summary>getpid in the i386 table, which <c>int $0x80</c> uses.</summary>
    public const long I386Getpid = 20;
    public const long I386Getppid = 64;
    public const long I386SchedYield = 158;
}

/// <summary>
/// Finds the workloads' marker blocks (tests/workloads/marker_block.h: a sched_yield, n getppid, a
/// sched_yield) in one task's calls. Every marker must belong to a whole block, so a lost, extra
/// or foreign call anywhere in a block fails the test rather than shifting a count.
/// </summary>
internal static class MarkerBlocks
{
    /// <summary>The getppid count of each block, in order.</summary>
    public static List<int> In(IReadOnlyList<long> calls, long marker = Nr.SchedYield, long getppid = Nr.Getppid)
    {
        var blocks = new List<int>();
        for (int i = 0; i < calls.Count; i++)
        {
            if (calls[i] != marker)
                continue;
            int end = i + 1;
            while (end < calls.Count && calls[end] == getppid)
                end++;
            Assert.True(end < calls.Count && calls[end] == marker,
                $"the block opened at call {i} is not closed after only getppid calls; it goes on: {string.Join(' ', calls.Skip(i).Take(end - i + 10))}");
            blocks.Add(end - i - 1);
            i = end;
        }
        return blocks;
    }
}
