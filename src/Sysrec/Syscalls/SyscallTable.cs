using System.Runtime.InteropServices;
using System.Text;

namespace Sysrec.Syscalls;

/// <summary>
/// Syscall numbers, names and strace classes. The arrays (X86_64, I386, Arm64 and their *Classes) are
/// generated at build time from the kernel's headers and scripts/syscall-classes by
/// scripts/gen-syscall-table; a number the headers do not know has no name, no class, and is shown as a
/// number.
/// </summary>
internal static partial class SyscallTable
{
    public static string? Name(SyscallAbi abi, long number) =>
        Of(abi).Names is var names && number >= 0 && number < names.Length ? names[number] : null;

    /// <summary>The name as UTF-8 bytes, for formatting without allocating; empty when unknown.</summary>
    public static ReadOnlySpan<byte> Utf8Name(SyscallAbi abi, long number) =>
        Of(abi).Utf8 is var names && number >= 0 && number < names.Length ? names[number] : default;

    public static bool TryNumber(SyscallAbi abi, string name, out long number) => Of(abi).Numbers.TryGetValue(name, out number);

    /// <summary>The strace classes (%file, %desc, ...) the syscall is in.</summary>
    public static SyscallClasses Classes(SyscallAbi abi, long number) =>
        Of(abi).Classes is var classes && number >= 0 && number < classes.Length ? classes[number] : SyscallClasses.None;

    /// <summary>How many numbers the table spans, named or not.</summary>
    public static int Count(SyscallAbi abi) => Of(abi).Names.Length;

    /// <summary>Looks up a name given as ASCII bytes, as a trace line holds it, without making a string.</summary>
    public static bool TryNumber(SyscallAbi abi, ReadOnlySpan<byte> name, out long number)
    {
        number = 0;
        if (name.Length > 64 || !Ascii.IsValid(name))
            return false;
        Span<char> chars = stackalloc char[name.Length];
        Ascii.ToUtf16(name, chars, out _);
        return Of(abi).Numbers.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out number);
    }

    private static Derived Of(SyscallAbi abi) => abi == SyscallAbi.I386 ? Derived.I386 : Derived.Native;

    /// <summary>
    /// Lookups built from a generated table. A separate class, because the order in which static fields
    /// of the two parts of a partial class start is not defined, and these need the tables ready.
    /// </summary>
    private sealed class Derived(string?[] names, SyscallClasses[] classes)
    {
        public static readonly Derived Native = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? new(Arm64, Arm64Classes) : new(X86_64, X86_64Classes);
        public static readonly Derived I386 = new(SyscallTable.I386, I386Classes);

        public string?[] Names { get; } = names;
        public SyscallClasses[] Classes { get; } = classes;
        public byte[]?[] Utf8 { get; } = Utf8(names);
        public Dictionary<string, long> Numbers { get; } = Numbers(names);
    }

    private static byte[]?[] Utf8(string?[] names) =>
        [.. names.Select(name => name is null ? null : Encoding.ASCII.GetBytes(name))];

    private static Dictionary<string, long> Numbers(string?[] names)
    {
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int number = 0; number < names.Length; number++)
        {
            if (names[number] is string name)
                numbers.TryAdd(name, number);
        }
        return numbers;
    }
}
