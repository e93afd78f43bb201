using Sysrec.Syscalls;

namespace Sysrec.Export;

/// <summary>
/// The sysdig events of the syscalls, as the sysdig of LID-DS 2021 had them: from the committed
/// sysdig-events.tsv (scripts/snapshot-sysdig-events writes it from sysdig's driver sources; the build
/// turns it into SysdigEventRows). A syscall with no row is one sysdig records as a generic event, under
/// the syscall's own name. Lookups by number allocate nothing.
/// </summary>
internal static class SysdigEvents
{
    /// <summary>The event of a syscall by its number in a table; null for a generic one.</summary>
    public static SysdigEvent? Of(SyscallAbi abi, long number)
    {
        SysdigEvent?[] table = abi == SyscallAbi.I386 ? ByNumber.I386 : ByNumber.Native;
        return number >= 0 && number < table.Length ? table[number] : null;
    }

    // Built on first use from the generated rows: a class of its own, so they are ready first.
    private static class ByNumber
    {
        private static readonly Dictionary<string, SysdigEvent> s_byName = SysdigEventRows.All.ToDictionary(
            row => row.Syscall,
            row => new SysdigEvent(row.Event, [.. row.Entry.Select(SysdigParameter.Parse)], [.. row.Exit.Select(SysdigParameter.Parse)]),
            StringComparer.Ordinal);

        public static readonly SysdigEvent?[] Native = Numbered(SyscallAbi.Native);

        // sysdig keeps one event table for both; an i386 call is its x86_64 namesake's event.
        public static readonly SysdigEvent?[] I386 = Numbered(SyscallAbi.I386);

        private static SysdigEvent?[] Numbered(SyscallAbi abi)
        {
            var numbered = new SysdigEvent?[SyscallTable.Count(abi)];
            for (int number = 0; number < numbered.Length; number++)
            {
                if (SyscallTable.Name(abi, number) is string name)
                    numbered[number] = s_byName.GetValueOrDefault(name);
            }
            return numbered;
        }
    }
}
