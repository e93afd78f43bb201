using Sysrec.Decoding;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// The printer table: every syscall of both tables gets a printer for every argument, the overrides
/// name real syscalls and arguments, and the capture ops derived from it read what strace prints.
/// </summary>
public sealed class PrinterTableTests
{
    public static TheoryData<string> Abis() => ["x86_64", "i386"];

    private static SyscallAbi AbiOf(string name) => name == "i386" ? SyscallAbi.I386 : SyscallAbi.Native;

    [Theory]
    [MemberData(nameof(Abis))]
    public void EverySyscallOfTheTableHasAPrinterForEachArgument(string abiName)
    {
        SyscallAbi abi = AbiOf(abiName);
        List<string> missing = [];
        for (int number = 0; number < SyscallTable.Count(abi); number++)
        {
            if (SyscallTable.Name(abi, number) is not string name || SyscallSignatures.Of(abi, number) is not SyscallSignature signature)
                continue;
            SyscallPrinter? printer = SyscallPrinters.Of(abi, number);
            if (printer is null || printer.Arguments.Count != signature.Arguments.Count)
                missing.Add(name);
        }
        Assert.Empty(missing);
        Assert.True(SyscallPrinters.All(abi).Count > 300, $"only {SyscallPrinters.All(abi).Count} printers for {abiName}");
    }

    [Fact]
    public void EveryOverrideNamesARealSyscallAndArgument()
    {
        List<string> wrong = [];
        foreach (ArgumentOverride correction in PrinterOverrides.Arguments)
        {
            foreach (string syscall in correction.Syscalls.Split(' '))
            {
                SyscallSignature[] signatures = [.. new[] { SyscallAbi.Native, SyscallAbi.I386 }
                    .Select(abi => SyscallSignatures.Of(abi, syscall)).OfType<SyscallSignature>()];
                if (signatures.Length == 0)
                    wrong.Add($"{syscall}: no such syscall");
                else if (!signatures.Any(signature => signature.Arguments.Any(argument => argument.Name == correction.Argument)))
                    wrong.Add($"{syscall}: no argument {correction.Argument}");
                else if (correction.Length is string length && !signatures.Any(signature => signature.Arguments.Any(argument => argument.Name == length)))
                    wrong.Add($"{syscall}: no length argument {length}");
                if (correction.Kind == ArgumentKind.Constants && correction.Format is null)
                    wrong.Add($"{syscall} {correction.Argument}: constants without a format");
            }
        }
        foreach (CallOverride call in PrinterOverrides.Calls)
        {
            foreach (string syscall in call.Syscalls.Split(' '))
            {
                if (SyscallSignatures.Of(SyscallAbi.Native, syscall) is null && SyscallSignatures.Of(SyscallAbi.I386, syscall) is null)
                    wrong.Add($"{syscall}: no such syscall");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void EveryConstantsArgumentHasItsFormat()
    {
        List<string> wrong = [];
        foreach (SyscallAbi abi in new[] { SyscallAbi.Native, SyscallAbi.I386 })
        {
            foreach (SyscallPrinter printer in SyscallPrinters.All(abi).Values)
            {
                for (int i = 0; i < printer.Arguments.Count; i++)
                {
                    ArgumentPrinter argument = printer.Arguments[i];
                    if (argument.Kind == ArgumentKind.Constants && argument.Format is null)
                        wrong.Add($"{abi} {printer.Name} {argument.Name}");
                    bool needsLength = argument.Kind is ArgumentKind.BufferIn or ArgumentKind.SockaddrIn or ArgumentKind.SockaddrOut
                        or ArgumentKind.SockoptIn or ArgumentKind.SockoptOut or ArgumentKind.PollFds or ArgumentKind.IovecIn or ArgumentKind.IovecOut;
                    if (needsLength && (argument.Length < 0 || argument.Length >= printer.Arguments.Count))
                        wrong.Add($"{abi} {printer.Name} {argument.Name}: no length");
                }
            }
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("x86_64", "openat", "dfd:Dirfd/4s filename:Path flags:Constants/4s mode:OpenMode")]
    [InlineData("x86_64", "read", "fd:Fd buf:BufferOut count:Number/8u")]
    [InlineData("x86_64", "write", "fd:Fd buf:BufferIn<2 count:Number/8u")]
    [InlineData("x86_64", "mmap", "addr:Pointer len:Number/8u prot:Constants flags:Constants fd:Fd off:Hex")]
    [InlineData("x86_64", "newfstatat", "dfd:Dirfd filename:Path statbuf:Stat flag:Constants")]
    [InlineData("x86_64", "accept4", "fd:Fd upeer_sockaddr:SockaddrOut<2 upeer_addrlen:SocklenInOut flags:Constants")]
    [InlineData("x86_64", "wait4", "upid:Number/4s stat_addr:WaitStatus options:Constants ru:Rusage")]
    [InlineData("x86_64", "execve", "filename:Path argv:Argv envp:Envp")]
    [InlineData("x86_64", "rt_sigprocmask", "how:Constants nset:SigsetIn<3 oset:SigsetOut<3 sigsetsize:Number")]
    [InlineData("x86_64", "setresuid", "ruid:Id euid:Id suid:Id")]
    [InlineData("i386", "mmap2", "addr:Pointer len:Number/4u prot:Constants flags:Constants fd:Fd pgoff:Hex")]
    [InlineData("i386", "fstat64", "fd:Fd statbuf:Stat64")]
    [InlineData("i386", "lseek", "fd:Fd offset:Number/4s whence:Constants")]
    public void RulesAndOverridesGiveStracesPrinters(string abiName, string syscall, string expected)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(AbiOf(abiName), syscall);
        Assert.NotNull(printer);
        foreach (string part in expected.Split(' '))
        {
            string name = part[..part.IndexOf(':')];
            ArgumentPrinter? argument = printer.Arguments.FirstOrDefault(a => a.Name == name);
            Assert.NotNull(argument);
            string kind = part[(part.IndexOf(':') + 1)..].Split('/', '<')[0];
            Assert.Equal(kind, argument.Kind.ToString());
            if (part.Contains('/'))
            {
                string width = part[(part.IndexOf('/') + 1)..];
                Assert.Equal(int.Parse(width[..^1]), argument.Width);
                Assert.Equal(width[^1] == 's', argument.Signed);
            }
            if (part.Contains('<'))
                Assert.Equal(int.Parse(part[(part.IndexOf('<') + 1)..]), argument.Length);
        }
    }

    [Fact]
    public void TheCapturesAreWhatStracePrints()
    {
        Assert.Equal(
            [new CaptureOp(CaptureSide.Exit, CaptureKind.Bytes, 1, Length: LengthSource.Return, Cap: CaptureOp.Snaplen)],
            Captures("read"));
        Assert.Equal(
            [new CaptureOp(CaptureSide.Entry, CaptureKind.Bytes, 1, Length: LengthSource.Argument, LengthArgument: 2, Cap: CaptureOp.Snaplen)],
            Captures("write"));
        Assert.Equal(
            [
                new CaptureOp(CaptureSide.Entry, CaptureKind.String, 1, Cap: CaptureOp.PathMax - 1),
                new CaptureOp(CaptureSide.Exit, CaptureKind.FdTarget, CaptureSet.ReturnValue),
            ],
            Captures("openat"));
        Assert.Equal(
            [
                new CaptureOp(CaptureSide.Entry, CaptureKind.String, 0, Cap: CaptureOp.PathMax - 1),
                new CaptureOp(CaptureSide.Entry, CaptureKind.StringArray, 1, ElementSize: 256, MaxCount: CaptureOp.Snaplen),
                new CaptureOp(CaptureSide.Entry, CaptureKind.StringArray, 2, MaxCount: 0),
            ],
            Captures("execve"));
        Assert.Equal(
            [
                new CaptureOp(CaptureSide.Exit, CaptureKind.Array, 0, ElementSize: 4, MaxCount: 2),
                new CaptureOp(CaptureSide.Exit, CaptureKind.FdTarget, 0, Element: 0),
                new CaptureOp(CaptureSide.Exit, CaptureKind.FdTarget, 0, Element: 1),
            ],
            Captures("pipe2"));
        Assert.Equal(
            [
                new CaptureOp(CaptureSide.Exit, CaptureKind.Sockaddr, 1, Length: LengthSource.ArgumentPointee, LengthArgument: 2, Cap: 128),
                new CaptureOp(CaptureSide.Entry, CaptureKind.Bytes, 2, Cap: 4),
                new CaptureOp(CaptureSide.Exit, CaptureKind.Bytes, 2, Cap: 4),
                new CaptureOp(CaptureSide.Exit, CaptureKind.FdTarget, CaptureSet.ReturnValue),
            ],
            Captures("accept4"));
        Assert.Equal(
            [new CaptureOp(CaptureSide.Exit, CaptureKind.FdTarget, 0)],
            Captures("connect").Where(op => op.Kind == CaptureKind.FdTarget));
        Assert.Empty(Captures("getppid"));
        Assert.Empty(Captures("close"));
        // An i386 caller's iovec is two 32-bit words.
        Assert.Equal(8, SyscallPrinters.Of(SyscallAbi.I386, "writev")!.Captures.Single().ElementSize);
        Assert.Equal(16, SyscallPrinters.Of(SyscallAbi.Native, "writev")!.Captures.Single().ElementSize);
    }

    [Fact]
    public void TheFirstArgumentPrintedAtExitIsWhereAnUnfinishedLineStops()
    {
        Assert.Equal(1, SyscallPrinters.Of(SyscallAbi.Native, "read")!.FirstExitArgument);
        Assert.Equal(2, SyscallPrinters.Of(SyscallAbi.Native, "newfstatat")!.FirstExitArgument);
        Assert.Equal(1, SyscallPrinters.Of(SyscallAbi.Native, "wait4")!.FirstExitArgument);
        Assert.Equal(2, SyscallPrinters.Of(SyscallAbi.Native, "kill")!.FirstExitArgument);
    }

    private static CaptureOp[] Captures(string syscall) => [.. SyscallPrinters.Of(SyscallAbi.Native, syscall)!.Captures];
}
