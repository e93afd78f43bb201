using Sysrec.Syscalls;

namespace Sysrec.Trace;

/// <summary>A syscall as a trace identifies it: its table and its number in that table.</summary>
internal readonly record struct SyscallKey(SyscallAbi Abi, long Number)
{
    public string AbiName => Abi == SyscallAbi.I386 ? "i386" : JsonLine.NativeAbi;

    /// <summary>The table's name for it, or null when the table does not know the number.</summary>
    public string? Name => SyscallTable.Name(Abi, Number);

    /// <summary>How sysrec shows it everywhere: the name or else the number, after <c>i386/</c> for that table.</summary>
    public string Label
    {
        get
        {
            Span<byte> label = stackalloc byte[TraceLine.MaxSyscallLength];
            return System.Text.Encoding.ASCII.GetString(label[..TraceLine.FormatSyscall(Abi, Number, label, names: true)]);
        }
    }
}
