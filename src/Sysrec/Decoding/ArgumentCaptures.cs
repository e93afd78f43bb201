using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// What the kernel must read for each <see cref="ArgumentKind"/>, in the call's ABI (struct sizes differ
/// for an i386 caller): the other half of the printer table, so that one table says both what is read and
/// how it is shown. Sizes are the kernel's UAPI structs, of which strace prints the leading fields.
/// </summary>
internal static class ArgumentCaptures
{
    /// <summary>The reads for argument <paramref name="index"/>; none for a value in the register.</summary>
    public static IEnumerable<CaptureOp> For(SyscallAbi abi, ArgumentPrinter printer, int index)
    {
        uint word = abi == SyscallAbi.I386 ? 4u : 8u;
        byte argument = (byte)index;
        byte length = (byte)Math.Max(printer.Length, 0);
        switch (printer.Kind)
        {
            case ArgumentKind.Path:
                yield return new(CaptureSide.Entry, CaptureKind.String, argument, Cap: CaptureOp.PathMax - 1);
                break;
            case ArgumentKind.String:
                yield return new(CaptureSide.Entry, CaptureKind.String, argument, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.PathOut:
                yield return new(CaptureSide.Exit, CaptureKind.String, argument, Cap: CaptureOp.PathMax - 1);
                break;
            case ArgumentKind.BufferIn:
                yield return new(CaptureSide.Entry, CaptureKind.Bytes, argument, Length: LengthSource.Argument, LengthArgument: length, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.BufferOut or ArgumentKind.BufferOutHex:
                yield return new(CaptureSide.Exit, CaptureKind.Bytes, argument, Length: LengthSource.Return, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.SocketFd:
                yield return new(CaptureSide.Exit, CaptureKind.FdTarget, argument);
                break;
            case ArgumentKind.SockaddrIn:
                yield return new(CaptureSide.Entry, CaptureKind.Sockaddr, argument, Length: LengthSource.Argument, LengthArgument: length, Cap: CaptureOp.SockaddrMax);
                break;
            case ArgumentKind.SockaddrOut:
                yield return new(CaptureSide.Exit, CaptureKind.Sockaddr, argument, Length: LengthSource.ArgumentPointee, LengthArgument: length, Cap: CaptureOp.SockaddrMax);
                break;
            case ArgumentKind.SocklenInOut:
                yield return Fixed(CaptureSide.Entry, argument, 4);
                yield return Fixed(CaptureSide.Exit, argument, 4);
                break;
            case ArgumentKind.SockoptIn:
                yield return new(CaptureSide.Entry, CaptureKind.Bytes, argument, Length: LengthSource.Argument, LengthArgument: length, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.SockoptOut:
                yield return new(CaptureSide.Exit, CaptureKind.Bytes, argument, Length: LengthSource.ArgumentPointee, LengthArgument: length, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.FdPair:
                yield return new(CaptureSide.Exit, CaptureKind.Array, argument, Length: LengthSource.None, ElementSize: 4, MaxCount: 2);
                yield return new(CaptureSide.Exit, CaptureKind.FdTarget, argument, Element: 0);
                yield return new(CaptureSide.Exit, CaptureKind.FdTarget, argument, Element: 1);
                break;
            case ArgumentKind.IntIn:
                yield return Fixed(CaptureSide.Entry, argument, 4);
                break;
            case ArgumentKind.IntOut or ArgumentKind.WaitStatus:
                yield return Fixed(CaptureSide.Exit, argument, 4);
                break;
            case ArgumentKind.SocketcallArgs:
                yield return Fixed(CaptureSide.Entry, argument, 6 * word);
                break;
            case ArgumentKind.Int64Out:
                yield return Fixed(CaptureSide.Exit, argument, 8);
                break;
            case ArgumentKind.PollFds:
                yield return new(CaptureSide.Entry, CaptureKind.Array, argument, Length: LengthSource.Argument, LengthArgument: length, ElementSize: 8, MaxCount: CaptureOp.Snaplen);
                yield return new(CaptureSide.Exit, CaptureKind.Array, argument, Length: LengthSource.Argument, LengthArgument: length, ElementSize: 8, MaxCount: CaptureOp.Snaplen);
                break;
            // The bytes n bits fill, no more: a set may end where the memory does (never past glibc's
            // 128-byte fd_set), at entry for the argument and at exit for the fds that were ready.
            case ArgumentKind.FdSet:
                yield return new(CaptureSide.Entry, CaptureKind.Bytes, argument, Length: LengthSource.ArgumentBits, LengthArgument: length, Cap: FdSetBytes);
                yield return new(CaptureSide.Exit, CaptureKind.Bytes, argument, Length: LengthSource.ArgumentBits, LengthArgument: length, Cap: FdSetBytes);
                break;
            case ArgumentKind.EpollEventIn:
                yield return Fixed(CaptureSide.Entry, argument, 12);
                break;
            case ArgumentKind.EpollEventsOut:
                yield return new(CaptureSide.Exit, CaptureKind.Array, argument, Length: LengthSource.Return, ElementSize: 12, MaxCount: CaptureOp.Snaplen);
                break;
            case ArgumentKind.IovecIn:
                yield return new(CaptureSide.Entry, CaptureKind.Iovec, argument, Length: LengthSource.None, LengthArgument: length, ElementSize: (ushort)(2 * word), MaxCount: CaptureOp.Snaplen, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.IovecOut:
                yield return new(CaptureSide.Exit, CaptureKind.Iovec, argument, Length: LengthSource.Return, LengthArgument: length, ElementSize: (ushort)(2 * word), MaxCount: CaptureOp.Snaplen, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.MsghdrIn:
                yield return new(CaptureSide.Entry, CaptureKind.Msghdr, argument, ElementSize: (ushort)(2 * word), MaxCount: CaptureOp.Snaplen, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.MsghdrOut:
                yield return new(CaptureSide.Exit, CaptureKind.Msghdr, argument, Length: LengthSource.Return, ElementSize: (ushort)(2 * word), MaxCount: CaptureOp.Snaplen, Cap: CaptureOp.Snaplen);
                break;
            case ArgumentKind.Argv:
                yield return new(CaptureSide.Entry, CaptureKind.StringArray, argument, ElementSize: CaptureOp.ArgvStringMax, MaxCount: CaptureOp.ArgvMax);
                break;
            case ArgumentKind.Envp:
                yield return new(CaptureSide.Entry, CaptureKind.StringArray, argument, MaxCount: 0);
                break;
            case ArgumentKind.Dirents:
                yield return new(CaptureSide.Exit, CaptureKind.DirentCount, argument, Length: LengthSource.Return);
                break;
            case ArgumentKind.CloneArgs:
                yield return new(CaptureSide.Entry, CaptureKind.Bytes, argument, Length: LengthSource.Argument, LengthArgument: length, Cap: 88);
                break;
            case ArgumentKind.SigsetIn:
                yield return new(CaptureSide.Entry, CaptureKind.Bytes, argument, Length: printer.Length < 0 ? LengthSource.None : LengthSource.Argument, LengthArgument: length, Cap: SigsetBytes);
                break;
            case ArgumentKind.SigsetOut:
                yield return new(CaptureSide.Exit, CaptureKind.Bytes, argument, Length: printer.Length < 0 ? LengthSource.None : LengthSource.Argument, LengthArgument: length, Cap: SigsetBytes);
                break;
            // The struct is an iovec's layout, pointer then length, and so read as one iovec: the sigset and
            // its size. The count is the low 32 bits of the struct's own address, which MaxCount cuts to 1
            // (0 only at a multiple of 4 GiB, where strace's text falls back to the address).
            case ArgumentKind.SigsetAndSize:
                yield return new(CaptureSide.Entry, CaptureKind.Iovec, argument, LengthArgument: argument, ElementSize: (ushort)(2 * word), MaxCount: 1, Cap: SigsetBytes);
                break;
            case ArgumentKind.IoctlArgument:
                yield return Fixed(CaptureSide.Entry, argument, 8);
                yield return Fixed(CaptureSide.Exit, argument, 36);
                break;
            case ArgumentKind.TimespecRemain:
                yield return Fixed(CaptureSide.Exit, argument, 2 * (uint)TimeFormat.TimespecFieldSize(printer));
                break;
            default:
                if (StructSize(printer.Kind, word) is uint size)
                    yield return Fixed(IsExitSide(printer.Kind) ? CaptureSide.Exit : CaptureSide.Entry, argument, size);
                break;
        }
    }

    /// <summary>The reads a call needs beyond its arguments': what its return names (an fd it made), what its format prints (rt_sigreturn's mask).</summary>
    public static IEnumerable<CaptureOp> ForCall(SyscallAbi abi, IReadOnlyList<ArgumentPrinter> arguments, ReturnKind returns, CallFormat format)
    {
        if (returns == ReturnKind.NewFd)
            yield return new CaptureOp(CaptureSide.Exit, CaptureKind.FdTarget, CaptureSet.ReturnValue);
        // The timeout as the call left it: the "left {...}" of the return.
        if (returns is ReturnKind.Poll or ReturnKind.Select && TimeFormat.TimeoutArgument(arguments) is int timeout and >= 0)
            yield return Fixed(CaptureSide.Exit, (byte)timeout, StructSize(arguments[timeout].Kind, abi == SyscallAbi.I386 ? 4u : 8u)!.Value);
        // The ucontext's mask, above the user stack pointer, which the handler's return left just past the
        // frame's return address. x86_64: uc_flags, uc_link, uc_stack (24) and uc_mcontext (256) come first;
        // i386: sig, pinfo, puc and the 128-byte siginfo, then the ucontext_ia32's uc_flags, uc_link,
        // uc_stack (12) and uc_mcontext (88).
        if (format == CallFormat.Sigreturn)
            yield return new CaptureOp(CaptureSide.Entry, CaptureKind.Bytes, CaptureSet.StackPointer, Cap: SigsetBytes, Offset: abi == SyscallAbi.I386 ? 140u + 108u : 296u);
    }

    /// <summary>glibc's fd_set: FD_SETSIZE (1024) bits.</summary>
    public const uint FdSetBytes = 128;

    /// <summary>The kernel's sigset_t: 64 signals.</summary>
    public const uint SigsetBytes = 8;

    /// <summary>Whether strace prints the argument when the call returns, so after the split of an unfinished call.</summary>
    public static bool IsExitSide(ArgumentKind kind) => kind switch
    {
        ArgumentKind.BufferOut or ArgumentKind.BufferOutHex or ArgumentKind.PathOut or ArgumentKind.Stat or ArgumentKind.Stat64
            or ArgumentKind.Statx or ArgumentKind.Statfs or ArgumentKind.TimespecOut or ArgumentKind.TimespecRemain or ArgumentKind.Timespec32Out
            or ArgumentKind.TimevalOut or ArgumentKind.ItimerspecOut or ArgumentKind.ItimervalOut or ArgumentKind.RlimitOut
            or ArgumentKind.Rlimit64Out or ArgumentKind.Utsname or ArgumentKind.Sysinfo or ArgumentKind.Rusage
            or ArgumentKind.SigactionOut or ArgumentKind.OldSigactionOut or ArgumentKind.SigsetOut or ArgumentKind.SiginfoOut or ArgumentKind.EpollEventsOut
            or ArgumentKind.IovecOut or ArgumentKind.MsghdrOut or ArgumentKind.SockaddrOut or ArgumentKind.SocklenInOut
            or ArgumentKind.FdPair or ArgumentKind.IntOut or ArgumentKind.Int64Out or ArgumentKind.SockoptOut or ArgumentKind.WaitStatus
            or ArgumentKind.Dirents or ArgumentKind.IoctlArgument or ArgumentKind.StackOut => true,
        _ => false,
    };

    // The UAPI structs read whole, by the caller's word size.
    private static uint? StructSize(ArgumentKind kind, uint word) => kind switch
    {
        // x86_64's struct stat; an i386 caller's compat struct stat.
        ArgumentKind.Stat => word == 8 ? 144u : 64u,
        ArgumentKind.Stat64 => 96,
        ArgumentKind.Statx => 256,
        ArgumentKind.Statfs => word == 8 ? 120u : 84u,
        ArgumentKind.TimespecIn or ArgumentKind.TimespecOut => 16,
        ArgumentKind.Timespec32In or ArgumentKind.Timespec32Out => 8,
        ArgumentKind.TimevalIn or ArgumentKind.TimevalOut => 2 * word,
        ArgumentKind.ItimerspecIn or ArgumentKind.ItimerspecOut => 32,
        ArgumentKind.ItimervalIn or ArgumentKind.ItimervalOut => 4 * word,
        ArgumentKind.RlimitIn or ArgumentKind.RlimitOut => 2 * word,
        ArgumentKind.Rlimit64In or ArgumentKind.Rlimit64Out => 16,
        // sysname and nodename, all that strace prints of struct new_utsname without -v.
        ArgumentKind.Utsname => 130,
        ArgumentKind.Sysinfo => word == 8 ? 112u : 64u,
        ArgumentKind.Rusage => 18 * word,
        // ss_sp, ss_flags (an int, padded to the word), ss_size.
        ArgumentKind.StackIn or ArgumentKind.StackOut => 3 * word,
        // handler, flags, restorer, then the 64-bit mask.
        ArgumentKind.SigactionIn or ArgumentKind.SigactionOut => 3 * word + 8,
        ArgumentKind.OldSigactionIn or ArgumentKind.OldSigactionOut => 4 * word,
        // si_signo, si_errno, si_code and the union strace prints from.
        ArgumentKind.SiginfoIn or ArgumentKind.SiginfoOut => 48,
        _ => null,
    };

    private static CaptureOp Fixed(CaptureSide side, byte argument, uint size) => new(side, CaptureKind.Bytes, argument, Cap: size);
}
