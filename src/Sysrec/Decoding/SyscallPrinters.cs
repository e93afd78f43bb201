using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// The printer table: for every x86_64 and i386 syscall of the signatures, how strace prints each
/// argument and the return, derived by <see cref="PrinterRules"/> and corrected by
/// <see cref="PrinterOverrides"/>. Lookups by number allocate nothing. A call the signatures do not know
/// (a number no table names) has no printer; the renderer prints its six registers in hex.
/// </summary>
internal static class SyscallPrinters
{
    public static SyscallPrinter? Of(SyscallAbi abi, long number) =>
        Table.Of(abi) is var table && number >= 0 && number < table.Length ? table[number] : null;

    public static SyscallPrinter? Of(SyscallAbi abi, string name) => Table.Names(abi).GetValueOrDefault(name);

    /// <summary>Every printer of an ABI, by name.</summary>
    public static IReadOnlyDictionary<string, SyscallPrinter> All(SyscallAbi abi) => Table.Names(abi);

    /// <summary>One syscall's printer from its signature, the rules and the overrides.</summary>
    public static SyscallPrinter Build(SyscallAbi abi, SyscallSignature signature)
    {
        IReadOnlyList<SyscallArgument> arguments = signature.Arguments;
        var printers = new ArgumentPrinter[arguments.Count];
        for (int i = 0; i < printers.Length; i++)
        {
            ArgumentPrinter printer = PrinterRules.For(abi, arguments, i, Overrides.ReadByCall.Contains((signature.Name, arguments[i].Name)));
            if (Overrides.Arguments.TryGetValue((signature.Name, arguments[i].Name), out ArgumentOverride? correction))
            {
                int length = correction.Length is string lengthName ? IndexOf(arguments, lengthName) : printer.Length;
                printer = new ArgumentPrinter(printer.Name, printer.Type, correction.Kind, printer.Width, printer.Signed, correction.Format, length, printer.HighHalf);
            }
            printers[i] = printer;
        }
        CallOverride? call = Overrides.Calls.GetValueOrDefault(signature.Name);
        return new SyscallPrinter(abi, signature.Name, printers, call?.Return ?? ReturnKind.Number, call?.Format ?? CallFormat.Arguments);
    }

    private static int IndexOf(IReadOnlyList<SyscallArgument> arguments, string name)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Name == name)
                return i;
        }
        return -1;
    }

    // The overrides by syscall name, built once.
    private static class Overrides
    {
        public static readonly Dictionary<(string Syscall, string Argument), ArgumentOverride> Arguments = ByName(PrinterOverrides.Arguments);
        public static readonly Dictionary<string, CallOverride> Calls = PrinterOverrides.Calls
            .SelectMany(call => call.Syscalls.Split(' ').Select(name => (name, call)))
            .ToDictionary(pair => pair.name, pair => pair.call, StringComparer.Ordinal);
        public static readonly HashSet<(string Syscall, string Argument)> ReadByCall = [.. PrinterOverrides.ReadByCall
            .SelectMany(entry => entry.Syscalls.Split(' ').Select(name => (name, entry.Argument)))];

        private static Dictionary<(string, string), ArgumentOverride> ByName(ArgumentOverride[] overrides)
        {
            var byName = new Dictionary<(string, string), ArgumentOverride>();
            foreach (ArgumentOverride correction in overrides)
            {
                foreach (string name in correction.Syscalls.Split(' '))
                    byName.Add((name, correction.Argument), correction);
            }
            return byName;
        }
    }

    // Built on first use from the signatures, which must be ready first: a class of its own.
    private static class Table
    {
        private static readonly Dictionary<string, SyscallPrinter> s_x86_64 = Build(SyscallAbi.Native);
        private static readonly Dictionary<string, SyscallPrinter> s_i386 = Build(SyscallAbi.I386);
        private static readonly SyscallPrinter?[] s_native = Numbered(SyscallAbi.Native, s_x86_64);
        private static readonly SyscallPrinter?[] s_i386ByNumber = Numbered(SyscallAbi.I386, s_i386);

        public static SyscallPrinter?[] Of(SyscallAbi abi) => abi == SyscallAbi.I386 ? s_i386ByNumber : s_native;

        public static Dictionary<string, SyscallPrinter> Names(SyscallAbi abi) => abi == SyscallAbi.I386 ? s_i386 : s_x86_64;

        private static Dictionary<string, SyscallPrinter> Build(SyscallAbi abi) =>
            SyscallSignatures.All(abi).Values.ToDictionary(signature => signature.Name, signature => SyscallPrinters.Build(abi, signature), StringComparer.Ordinal);

        private static SyscallPrinter?[] Numbered(SyscallAbi abi, Dictionary<string, SyscallPrinter> byName)
        {
            var numbered = new SyscallPrinter?[SyscallTable.Count(abi)];
            for (int number = 0; number < numbered.Length; number++)
            {
                if (SyscallTable.Name(abi, number) is string name)
                    numbered[number] = byName.GetValueOrDefault(name);
            }
            return numbered;
        }
    }
}
