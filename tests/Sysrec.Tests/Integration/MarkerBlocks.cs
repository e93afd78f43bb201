using Sysrec.Syscalls;
using Sysrec.Kernel;

namespace Sysrec.Tests.Integration;

/// <summary>
/// The numbers of the syscalls the workloads make on purpose, from the product's tables (generated from the
/// kernel headers), so that a test means the same on every architecture the build supports.
/// </summary>
internal static class Nr
{
    public static readonly long Brk = Of("brk");
    public static readonly long SchedYield = Of("sched_yield");
    public static readonly long Execve = Of("execve");
    public static readonly long Getpid = Of("getpid");
    public static readonly long Getppid = Of("getppid");
    public static readonly long Prctl = Of("prctl");
    public static readonly long ExitGroup = Of("exit_group");
    public static readonly long SetRobustList = Of("set_robust_list");

    /// <summary>getpid in the i386 table, which <c>int $0x80</c> uses.</summary>
    public static readonly long I386Getpid = Of("getpid", SyscallAbi.I386);
    public static readonly long I386Getppid = Of("getppid", SyscallAbi.I386);
    public static readonly long I386SchedYield = Of("sched_yield", SyscallAbi.I386);

    /// <summary>The number of syscall <paramref name="name"/> in the table of <paramref name="abi"/> (this machine's own by default).</summary>
    public static long Of(string name, SyscallAbi abi = SyscallAbi.Native)
    {
        Assert.True(SyscallTable.TryNumber(abi, name, out long number), $"the {abi} syscall table has no {name}");
        return number;
    }
}

/// <summary>
/// Finds the workloads' marker blocks (tests/workloads/marker_block.h: a sched_yield, n getppid, a
/// sched_yield) in one task's calls. Every marker must belong to a whole block, so a lost, extra
/// or foreign call anywhere in a block fails the test rather than shifting a count.
/// </summary>
internal static class MarkerBlocks
{
    /// <summary>The getppid count of each block, in order.</summary>
    public static List<int> In(IReadOnlyList<long> calls) => In(calls, Nr.SchedYield, Nr.Getppid);

    /// <inheritdoc cref="In(IReadOnlyList{long})"/>
    /// <param name="marker">The marker's number, and <paramref name="getppid"/> getppid's, in the table the calls are numbered in.</param>
    public static List<int> In(IReadOnlyList<long> calls, long marker, long getppid)
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
