using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// Argument names and C types of every x86_64 and i386 syscall, from the committed
/// syscall-signatures.tsv (scripts/snapshot-kernel writes it from the kernel's tracefs; the build turns
/// it into SyscallSignatureRows). Lookups by number allocate nothing. An arm64 machine's native calls
/// take the x86_64 signature of the same name: the kernel functions behind them are the same.
/// </summary>
internal static class SyscallSignatures
{
    /// <summary>The name's suffix of the register that holds a 64-bit argument's high half (<c>offset_high</c> of _llseek's <c>offset_low</c>, <c>pos_high</c> of <c>pos</c>).</summary>
    public const string HighHalfSuffix = "_high";

    /// <summary>The signature of a syscall by its number in a table; null when the table or the file has none.</summary>
    public static SyscallSignature? Of(SyscallAbi abi, long number) =>
        ByNumber.Of(abi) is var table && number >= 0 && number < table.Length ? table[number] : null;

    /// <summary>The signature of a syscall by its name in a table (<c>_llseek</c> is i386's).</summary>
    public static SyscallSignature? Of(SyscallAbi abi, string name) =>
        ByNumber.Names(abi).TryGetValue(name, out SyscallSignature? signature) ? signature : null;

    /// <summary>Every signature of one ABI's table, by name.</summary>
    public static IReadOnlyDictionary<string, SyscallSignature> All(SyscallAbi abi) => ByNumber.Names(abi);

    // Built on first use from the generated rows, which must be ready first: a class of its own.
    private static class ByNumber
    {
        private static readonly Dictionary<string, SyscallSignature> s_x86_64 = Rows("x86_64");
        private static readonly Dictionary<string, SyscallSignature> s_i386 = Rows("i386");
        private static readonly SyscallSignature?[] s_native = Numbered(SyscallAbi.Native, s_x86_64);
        private static readonly SyscallSignature?[] s_i386ByNumber = Numbered(SyscallAbi.I386, s_i386);

        public static SyscallSignature?[] Of(SyscallAbi abi) => abi == SyscallAbi.I386 ? s_i386ByNumber : s_native;

        public static Dictionary<string, SyscallSignature> Names(SyscallAbi abi) =>
            abi == SyscallAbi.I386 ? s_i386 : s_x86_64;

        private static Dictionary<string, SyscallSignature> Rows(string abi)
        {
            var signatures = new Dictionary<string, SyscallSignature>(StringComparer.Ordinal);
            foreach ((string rowAbi, string name, string source, string[] fields) in SyscallSignatureRows.All)
            {
                if (rowAbi != abi)
                    continue;
                bool pairs = abi == "i386" && source.StartsWith("x86_64:", StringComparison.Ordinal);
                var arguments = new List<SyscallArgument>(fields.Length / 2);
                for (int i = 0; i + 1 < fields.Length; i += 2)
                {
                    // The ia32 wrapper of an x86_64 call takes a 64-bit argument in two registers, the low half first.
                    bool split = pairs && fields[i] == "loff_t";
                    arguments.Add(new SyscallArgument(split ? "unsigned long" : fields[i], fields[i + 1]));
                    if (split)
                        arguments.Add(new SyscallArgument("unsigned long", fields[i + 1] + HighHalfSuffix));
                }
                signatures[name] = new SyscallSignature(name, source, [.. arguments]);
            }
            return signatures;
        }

        private static SyscallSignature?[] Numbered(SyscallAbi abi, Dictionary<string, SyscallSignature> byName)
        {
            var numbered = new SyscallSignature?[SyscallTable.Count(abi)];
            for (int number = 0; number < numbered.Length; number++)
            {
                if (SyscallTable.Name(abi, number) is string name)
                    numbered[number] = byName.GetValueOrDefault(name);
            }
            return numbered;
        }
    }
}
