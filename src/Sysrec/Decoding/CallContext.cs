using System.Runtime.CompilerServices;
using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>One call being rendered: the call, its printer, the -s limit and the fd names.</summary>
internal readonly ref struct CallContext
{
    // Fields, not properties, and made in place: a property's getter returns a copy of the call's many
    // spans, and so does a constructor that is not inlined, which for every argument rendered cost a
    // tenth of the renderer's time.
    public readonly DecodedCall Call;
    public readonly SyscallPrinter Printer;

    /// <summary>-s: the bytes of a string or buffer, and the elements of an array, strace prints.</summary>
    public readonly int Snaplen;

    public readonly IFileDescriptors? Descriptors;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CallContext(scoped in DecodedCall call, SyscallPrinter printer, int snaplen, IFileDescriptors? descriptors)
    {
        Call = call;
        Printer = printer;
        Snaplen = snaplen;
        Descriptors = descriptors;
    }

    public bool Wide => Call.Abi != SyscallAbi.I386;

    public int WordSize => Wide ? 8 : 4;

    /// <summary>The argument's value cut to its C type, as a 64-bit value.</summary>
    public long Value(int index) => Printer.Arguments[index].Value(Call.Arg(index));

    public ulong Register(int index) => Call.Arg(index);

    /// <summary>Whether an argument printed at exit shows its contents: the call returned and did not fail.</summary>
    public bool Succeeded => Call.Returned && !Call.Failed;
}
