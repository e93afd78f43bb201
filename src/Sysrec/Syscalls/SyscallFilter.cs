using System.Globalization;
using Sysrec.Tracing;

namespace Sysrec.Syscalls;

/// <summary>The syscalls to keep, chosen the way strace's <c>-e trace=</c> chooses them.</summary>
internal sealed class SyscallFilter
{
    private readonly HashSet<(SyscallAbi Abi, long Number)> _wanted;

    private SyscallFilter(HashSet<(SyscallAbi, long)> wanted) => _wanted = wanted;

    public IReadOnlyCollection<(SyscallAbi Abi, long Number)> Wanted => _wanted;

    public bool Keeps(SyscallAbi abi, long number) => _wanted.Contains((abi, number));

    /// <summary>
    /// Reads <c>[trace=]ITEM[,ITEM...]</c>. An item is a name (<c>openat</c>), a number (<c>257</c>), either
    /// after <c>i386/</c> for the i386 table. A bare name means that syscall in every table that has it,
    /// so <c>-e mmap</c> keeps the mmap of 32-bit processes too.
    /// </summary>
    public static SyscallFilter Parse(string option, string expression)
    {
        string list = expression.StartsWith("trace=", StringComparison.Ordinal) ? expression["trace=".Length..] : expression;
        var wanted = new HashSet<(SyscallAbi, long)>();
        foreach (string item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            bool i386Only = item.StartsWith("i386/", StringComparison.Ordinal);
            string syscall = i386Only ? item["i386/".Length..] : item;
            SyscallAbi[] tables = i386Only ? [SyscallAbi.I386] : [SyscallAbi.Native, SyscallAbi.I386];
            if (long.TryParse(syscall, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                wanted.Add((tables[0], number));
                continue;
            }
            int before = wanted.Count;
            foreach (SyscallAbi abi in tables)
            {
                if (SyscallTable.TryNumber(abi, syscall, out number))
                    wanted.Add((abi, number));
            }
            if (wanted.Count == before)
                throw SysrecException.BadArguments($"{option}: '{item}' is not a syscall name or number known here");
        }
        if (wanted.Count == 0)
            throw SysrecException.BadArguments($"{option}: no syscall given. Write it like -e openat,read");
        return new SyscallFilter(wanted);
    }
}
