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
        foreach ((string syscalls, string argument) in PrinterOverrides.ReadByCall)
        {
            foreach (string syscall in syscalls.Split(' '))
            {
                if (!new[] { SyscallAbi.Native, SyscallAbi.I386 }.Any(abi => SyscallSignatures.Of(abi, syscall)?.Arguments.Any(a => a.Name == argument) == true))
                    wrong.Add($"{syscall}: no argument {argument} read by the call");
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
                new CaptureOp(CaptureSide.Entry, CaptureKind.StringArray, 1, ElementSize: 256, MaxCount: 32),
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

    /// <summary>
    /// What issue 15 asks the kernel to read, call by call, as the loader will send it: the side, kind,
    /// argument (.element), length source (len=argK, len=ret, len=*argK, len=bits(argK); of=argK an iovec count),
    /// element size (x), count (n) and cap, where s is -s.
    /// </summary>
    [Theory]
    [InlineData("x86_64", "openat", "Entry String 1 cap4095 | Exit FdTarget 6")]
    [InlineData("x86_64", "getxattr", "Entry String 0 cap4095 | Entry String 1 caps | Exit Bytes 2 len=ret caps")]
    [InlineData("x86_64", "init_module", "Entry String 2 caps")]
    [InlineData("x86_64", "execve", "Entry String 0 cap4095 | Entry StringArray 1 x256 n32 | Entry StringArray 2")]
    [InlineData("x86_64", "execveat", "Entry String 1 cap4095 | Entry StringArray 2 x256 n32 | Entry StringArray 3")]
    [InlineData("x86_64", "write", "Entry Bytes 1 len=arg2 caps")]
    [InlineData("x86_64", "pwrite64", "Entry Bytes 1 len=arg2 caps")]
    [InlineData("x86_64", "read", "Exit Bytes 1 len=ret caps")]
    [InlineData("x86_64", "pread64", "Exit Bytes 1 len=ret caps")]
    [InlineData("x86_64", "writev", "Entry Iovec 1 of=arg2 x16 ns caps")]
    [InlineData("x86_64", "readv", "Exit Iovec 1 len=ret of=arg2 x16 ns caps")]
    [InlineData("x86_64", "sendto", "Entry Bytes 1 len=arg2 caps | Entry Sockaddr 4 len=arg5 cap128")]
    [InlineData("x86_64", "recvfrom", "Exit Bytes 1 len=ret caps | Exit Sockaddr 4 len=*arg5 cap128 | Entry Bytes 5 cap4 | Exit Bytes 5 cap4")]
    [InlineData("x86_64", "sendmsg", "Entry Msghdr 1 x16 ns caps")]
    [InlineData("x86_64", "recvmsg", "Exit Msghdr 1 len=ret x16 ns caps")]
    [InlineData("x86_64", "getdents64", "Exit DirentCount 1 len=ret")]
    [InlineData("x86_64", "connect", "Exit FdTarget 0 | Entry Sockaddr 1 len=arg2 cap128")]
    [InlineData("x86_64", "bind", "Exit FdTarget 0 | Entry Sockaddr 1 len=arg2 cap128")]
    [InlineData("x86_64", "accept", "Exit Sockaddr 1 len=*arg2 cap128 | Entry Bytes 2 cap4 | Exit Bytes 2 cap4 | Exit FdTarget 6")]
    [InlineData("x86_64", "getsockname", "Exit Sockaddr 1 len=*arg2 cap128 | Entry Bytes 2 cap4 | Exit Bytes 2 cap4")]
    [InlineData("x86_64", "getpeername", "Exit Sockaddr 1 len=*arg2 cap128 | Entry Bytes 2 cap4 | Exit Bytes 2 cap4")]
    [InlineData("x86_64", "newfstatat", "Entry String 1 cap4095 | Exit Bytes 2 cap144")]
    [InlineData("x86_64", "fstat", "Exit Bytes 1 cap144")]
    [InlineData("x86_64", "statx", "Entry String 1 cap4095 | Exit Bytes 4 cap256")]
    [InlineData("x86_64", "pipe", "Exit Array 0 x4 n2 | Exit FdTarget 0 | Exit FdTarget 0.1")]
    [InlineData("x86_64", "socketpair", "Exit Array 3 x4 n2 | Exit FdTarget 3 | Exit FdTarget 3.1")]
    [InlineData("x86_64", "wait4", "Exit Bytes 1 cap4 | Exit Bytes 3 cap144")]
    [InlineData("x86_64", "nanosleep", "Entry Bytes 0 cap16 | Exit Bytes 1 cap16")]
    [InlineData("x86_64", "clock_gettime", "Exit Bytes 1 cap16")]
    [InlineData("x86_64", "clock_nanosleep", "Entry Bytes 2 cap16 | Exit Bytes 3 cap16")]
    [InlineData("x86_64", "getrlimit", "Exit Bytes 1 cap16")]
    [InlineData("x86_64", "setrlimit", "Entry Bytes 1 cap16")]
    [InlineData("x86_64", "prlimit64", "Entry Bytes 2 cap16 | Exit Bytes 3 cap16")]
    [InlineData("x86_64", "uname", "Exit Bytes 0 cap130")]
    [InlineData("x86_64", "poll", "Entry Array 0 len=arg1 x8 ns | Exit Array 0 len=arg1 x8 ns")]
    [InlineData("x86_64", "ppoll", "Entry Array 0 len=arg1 x8 ns | Exit Array 0 len=arg1 x8 ns | Entry Bytes 2 cap16 | Entry Bytes 3 len=arg4 cap8 | Exit Bytes 2 cap16")]
    [InlineData("x86_64", "select", "Entry Bytes 1 len=bits(arg0) cap128 | Exit Bytes 1 len=bits(arg0) cap128 | Entry Bytes 2 len=bits(arg0) cap128 | Exit Bytes 2 len=bits(arg0) cap128"
        + " | Entry Bytes 3 len=bits(arg0) cap128 | Exit Bytes 3 len=bits(arg0) cap128 | Entry Bytes 4 cap16 | Exit Bytes 4 cap16")]
    [InlineData("x86_64", "pselect6", "Entry Bytes 1 len=bits(arg0) cap128 | Exit Bytes 1 len=bits(arg0) cap128 | Entry Bytes 2 len=bits(arg0) cap128 | Exit Bytes 2 len=bits(arg0) cap128"
        + " | Entry Bytes 3 len=bits(arg0) cap128 | Exit Bytes 3 len=bits(arg0) cap128 | Entry Bytes 4 cap16 | Entry Iovec 5 of=arg5 x16 n1 cap8 | Exit Bytes 4 cap16")]
    [InlineData("x86_64", "sigaltstack", "Entry Bytes 0 cap24 | Exit Bytes 1 cap24")]
    [InlineData("x86_64", "epoll_wait", "Exit Array 1 len=ret x12 ns")]
    [InlineData("x86_64", "rt_sigaction", "Entry Bytes 1 cap32 | Exit Bytes 2 cap32")]
    [InlineData("x86_64", "rt_sigprocmask", "Entry Bytes 1 len=arg3 cap8 | Exit Bytes 2 len=arg3 cap8")]
    [InlineData("x86_64", "rt_sigreturn", "Entry Bytes 7 cap8 +296")]
    [InlineData("i386", "stat", "Entry String 0 cap4095 | Exit Bytes 1 cap64")]
    [InlineData("i386", "fstat64", "Exit Bytes 1 cap96")]
    [InlineData("i386", "writev", "Entry Iovec 1 of=arg2 x8 ns caps")]
    [InlineData("i386", "nanosleep", "Entry Bytes 0 cap8 | Exit Bytes 1 cap8")]
    [InlineData("i386", "ugetrlimit", "Exit Bytes 1 cap8")]
    [InlineData("i386", "rt_sigaction", "Entry Bytes 1 cap20 | Exit Bytes 2 cap20")]
    [InlineData("i386", "pselect6", "Entry Bytes 1 len=bits(arg0) cap128 | Exit Bytes 1 len=bits(arg0) cap128 | Entry Bytes 2 len=bits(arg0) cap128 | Exit Bytes 2 len=bits(arg0) cap128"
        + " | Entry Bytes 3 len=bits(arg0) cap128 | Exit Bytes 3 len=bits(arg0) cap128 | Entry Bytes 4 cap8 | Entry Iovec 5 of=arg5 x8 n1 cap8 | Exit Bytes 4 cap8")]
    [InlineData("i386", "sigaltstack", "Entry Bytes 0 cap12 | Exit Bytes 1 cap12")]
    [InlineData("i386", "rt_sigreturn", "Entry Bytes 7 cap8 +248")]
    public void TheCaptureListReadsWhatTheIssueAsks(string abiName, string syscall, string expected) =>
        Assert.Equal(expected, string.Join(" | ", SyscallPrinters.Of(AbiOf(abiName), syscall)!.Captures.Select(Describe)));

    private static string Describe(CaptureOp op)
    {
        static string Bound(uint value) => value == CaptureOp.Snaplen ? "s" : $"{value}";
        var text = new System.Text.StringBuilder($"{op.Side} {op.Kind} {op.Argument}");
        if (op.Element != 0)
            text.Append($".{op.Element}");
        text.Append(op.Length switch
        {
            LengthSource.Argument => $" len=arg{op.LengthArgument}",
            LengthSource.Return => " len=ret",
            LengthSource.ArgumentPointee => $" len=*arg{op.LengthArgument}",
            LengthSource.ArgumentBits => $" len=bits(arg{op.LengthArgument})",
            _ => "",
        });
        if (op.Kind == CaptureKind.Iovec)
            text.Append($" of=arg{op.LengthArgument}");
        if (op.ElementSize != 0)
            text.Append($" x{op.ElementSize}");
        if (op.MaxCount != 0)
            text.Append($" n{Bound(op.MaxCount)}");
        if (op.Cap != 0)
            text.Append($" cap{Bound(op.Cap)}");
        if (op.Offset != 0)
            text.Append($" +{op.Offset}");
        return text.ToString();
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
