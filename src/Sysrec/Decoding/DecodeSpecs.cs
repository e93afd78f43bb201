using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// The <c>decode_specs</c> map: for every syscall the printer table knows, the captures it derives
/// (<see cref="SyscallPrinter.Captures"/>) as the kernel reads them, at the slot of <see cref="SyscallSlots"/>.
/// </summary>
internal static class DecodeSpecs
{
    /// <summary>The bytes of a getdents buffer before d_reclen: struct linux_dirent64, and the native linux_dirent.</summary>
    private const ushort ReclenOffset = 16;

    /// <summary>In i386's struct linux_dirent, whose inode and offset are 4 bytes each.</summary>
    private const ushort CompatReclenOffset = 8;

    /// <summary>Every syscall with something to capture, by ABI and number.</summary>
    public static IEnumerable<(SyscallAbi Abi, long Number, DecodeSpec Spec)> InTables()
    {
        foreach (SyscallAbi abi in (SyscallAbi[])[SyscallAbi.Native, SyscallAbi.I386])
        {
            for (long number = 0; number < SyscallSlots.Numbers; number++)
            {
                if (SyscallPrinters.Of(abi, number) is SyscallPrinter printer && printer.Captures.Count > 0)
                    yield return (abi, number, Of(printer));
            }
        }
    }

    /// <summary>The kernel's view of one syscall's captures, entry ops and exit ops in the printer's order.</summary>
    public static DecodeSpec Of(SyscallPrinter printer)
    {
        var spec = new DecodeSpec();
        foreach (CaptureOp op in printer.Captures)
        {
            bool entry = op.Side == CaptureSide.Entry;
            int count = entry ? spec.EntryOps : spec.ExitOps;
            if (count == DecodeOps.Length)
                throw new InvalidOperationException($"{printer.Name} captures more than {DecodeOps.Length} arguments at its {op.Side.ToString().ToLowerInvariant()}");
            DecodeOp kernel = Of(printer, op);
            if (entry)
                spec.Entry[spec.EntryOps++] = kernel;
            else
                spec.Exit[spec.ExitOps++] = kernel;
        }
        return spec;
    }

    private static DecodeOp Of(SyscallPrinter printer, CaptureOp op) => new()
    {
        Kind = (byte)op.Kind,
        Argument = op.Argument,
        Element = op.Element,
        LengthSource = (byte)op.Length,
        LengthArgument = op.LengthArgument,
        // An fd the call wrote into an int array it was given (pipe's, socketpair's) is read from there.
        Flags = op.Kind == CaptureKind.FdTarget && printer.Captures.Any(other => other.Kind == CaptureKind.Array && other.Argument == op.Argument)
            ? DecodeOp.FdInArray : (byte)0,
        ElementSize = op.Kind == CaptureKind.DirentCount ? DirentReclenOffset(printer, op.Argument) : op.ElementSize,
        MaxCount = op.MaxCount,
        Cap = op.Cap,
        Offset = op.Offset,
    };

    private static ushort DirentReclenOffset(SyscallPrinter printer, int argument) =>
        printer.Abi == SyscallAbi.I386 && !printer.Arguments[argument].Type.Contains("dirent64", StringComparison.Ordinal)
            ? CompatReclenOffset : ReclenOffset;

}
