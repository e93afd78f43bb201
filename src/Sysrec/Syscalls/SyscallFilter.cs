using System.Globalization;

namespace Sysrec.Syscalls;

/// <summary>The syscalls to keep, chosen the way strace's <c>-e trace=</c> chooses them.</summary>
internal sealed class SyscallFilter
{
    private static readonly SyscallAbi[] s_tables = [SyscallAbi.Native, SyscallAbi.I386];

    private readonly HashSet<(SyscallAbi, long)> _listed;
    // '!' before the list: every syscall but the listed ones, those no table names included.
    private readonly bool _negated;

    private SyscallFilter(HashSet<(SyscallAbi, long)> listed, bool negated)
    {
        _listed = listed;
        _negated = negated;
    }

    public bool Keeps(SyscallAbi abi, long number) => _listed.Contains((abi, number)) != _negated;

    /// <summary>
    /// Reads <c>[trace=][!]ITEM[,ITEM...]</c>. An item is a name (<c>openat</c>), a number (<c>257</c>), either
    /// after <c>i386/</c> for the i386 table, or a class (<c>%file</c>, <c>%desc</c>, <c>%network</c>,
    /// <c>%process</c>, <c>%signal</c>, <c>%memory</c>, <c>%ipc</c>). A bare name or a class means those
    /// syscalls in every table that has them, so <c>-e mmap</c> keeps the mmap of 32-bit processes too.
    /// A leading <c>!</c> keeps every syscall except those the list names.
    /// </summary>
    public static SyscallFilter Parse(string option, string expression)
    {
        string list = expression.StartsWith("trace=", StringComparison.Ordinal) ? expression["trace=".Length..] : expression;
        bool negated = list.StartsWith('!');
        if (negated)
            list = list[1..];
        var listed = new HashSet<(SyscallAbi, long)>();
        foreach (string item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.StartsWith('%'))
            {
                AddClass(option, item, listed);
                continue;
            }
            bool i386Only = item.StartsWith("i386/", StringComparison.Ordinal);
            string syscall = i386Only ? item["i386/".Length..] : item;
            SyscallAbi[] tables = i386Only ? [SyscallAbi.I386] : s_tables;
            if (long.TryParse(syscall, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                listed.Add((tables[0], number));
                continue;
            }
            int before = listed.Count;
            foreach (SyscallAbi abi in tables)
            {
                if (SyscallTable.TryNumber(abi, syscall, out number))
                    listed.Add((abi, number));
            }
            if (listed.Count == before)
                throw SysrecException.BadArguments($"{option}: '{item}' is not a syscall name or number known here");
        }
        if (listed.Count == 0)
            throw SysrecException.BadArguments($"{option}: no syscall given. Write it like -e openat,read, -e %file or -e '!%memory'");
        return new SyscallFilter(listed, negated);
    }

    private static void AddClass(string option, string item, HashSet<(SyscallAbi, long)> listed)
    {
        string name = item[1..];
        SyscallClasses wanted = SyscallTable.ClassNames.FirstOrDefault(known => known.Name == name).Class;
        if (wanted == SyscallClasses.None)
            throw SysrecException.BadArguments(
                $"{option}: '{item}' is not a syscall class. Classes: {string.Join(", ", SyscallTable.ClassNames.Select(known => "%" + known.Name))}");
        foreach (SyscallAbi abi in s_tables)
        {
            for (long number = 0; number < SyscallTable.Count(abi); number++)
            {
                if ((SyscallTable.Classes(abi, number) & wanted) != 0)
                    listed.Add((abi, number));
            }
        }
    }
}
