using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>One call being rendered: the call, its printer, the -s limit and the fd names.</summary>
internal readonly ref struct CallContext(scoped in DecodedCall call, SyscallPrinter printer, int snaplen, IFileDescriptors? descriptors)
{
    public DecodedCall Call { get; } = call;

    public SyscallPrinter Printer { get; } = printer;

    /// <summary>-s: the bytes of a string or buffer, and the elements of an array, strace prints.</summary>
    public int Snaplen { get; } = snaplen;

    public IFileDescriptors? Descriptors { get; } = descriptors;

    public bool Wide => Call.Abi != SyscallAbi.I386;

    public int WordSize => Wide ? 8 : 4;

    /// <summary>The argument's value cut to its C type, as a 64-bit value.</summary>
    public long Value(int index) => Printer.Arguments[index].Value(Call.Arg(index));

    public ulong Register(int index) => Call.Arg(index);

    /// <summary>Whether an argument printed at exit shows its contents: the call returned and did not fail.</summary>
    public bool Succeeded => Call.Returned && !Call.Failed;
}
