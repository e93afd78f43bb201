using System.Text;
using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// How one syscall of one ABI is printed and what the kernel must capture for it: its arguments'
/// printers, its return, the format of a call whose arguments depend on each other, and the capture ops
/// derived from all of them (<see cref="Captures"/>, the list the loader sends to the kernel).
/// </summary>
internal sealed class SyscallPrinter
{
    private readonly byte[] _utf8Name;

    public SyscallPrinter(SyscallAbi abi, string name, ArgumentPrinter[] arguments, ReturnKind returns, CallFormat format)
    {
        Abi = abi;
        Name = name;
        _utf8Name = Encoding.ASCII.GetBytes(name);
        Arguments = arguments;
        Return = returns;
        Format = format;
        Captures = [.. arguments.SelectMany((argument, index) => ArgumentCaptures.For(abi, argument, index)), .. ArgumentCaptures.ForCall(abi, arguments, returns, format)];
        int firstExit = Array.FindIndex(arguments, argument => ArgumentCaptures.IsExitSide(argument.Kind));
        FirstExitArgument = firstExit < 0 ? arguments.Length : firstExit;
    }

    public SyscallAbi Abi { get; }

    public string Name { get; }

    public ReadOnlySpan<byte> Utf8Name => _utf8Name;

    public IReadOnlyList<ArgumentPrinter> Arguments { get; }

    public ReturnKind Return { get; }

    public CallFormat Format { get; }

    /// <summary>What the kernel reads for this call, entry ops before exit ops in argument order.</summary>
    public IReadOnlyList<CaptureOp> Captures { get; }

    /// <summary>The first argument strace prints at exit: where an unfinished call's line stops.</summary>
    public int FirstExitArgument { get; }

    /// <summary>
    /// Whether strace prints the whole call at its entry (its decoder returns RVAL_DECODED), so that a
    /// call that never returns ends with <c>)</c> rather than <c> &lt;unfinished ...&gt;)</c>: one of plain
    /// arguments none of which is printed at exit, futex and fcntl; not clone and ioctl, which print at exit.
    /// </summary>
    public bool DecodedAtEntry => Format switch
    {
        CallFormat.Arguments => FirstExitArgument == Arguments.Count,
        CallFormat.Futex or CallFormat.Fcntl or CallFormat.Sigreturn => true,
        _ => false,
    };

    public override string ToString() => $"{Name}({string.Join(", ", Arguments)}) = {Return}";
}
