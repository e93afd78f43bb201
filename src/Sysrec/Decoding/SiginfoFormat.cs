namespace Sysrec.Decoding;

/// <summary>
/// A siginfo as strace prints it (printsiginfo): the signal, the code named by SI_* or the signal's own
/// codes (CLD_*, SEGV_*, ...), then the fields that code fills:
/// <c>{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=123, si_uid=0, si_status=0, si_utime=0, si_stime=0}</c>.
/// </summary>
internal static class SiginfoFormat
{
    /// <summary>The fields of a kernel siginfo captured from memory, in the ABI's layout (the union after 3 ints, aligned to a word).</summary>
    public static SignalInfo Read(scoped StructFields siginfo)
    {
        int word = siginfo.WordSize;
        int union = word == 8 ? 16 : 12;
        int signal = siginfo.Int(0);
        int code = siginfo.Int(8);
        // sigchld's clock_t fields follow pid, uid and status, aligned to a long.
        int clocks = word == 8 ? union + 16 : union + 12;
        return new SignalInfo(signal, code, siginfo.Int(4),
            Pid: siginfo.Int(union), Uid: siginfo.UInt(union + 4), Status: siginfo.Int(union + 8),
            UserTime: siginfo.Long(clocks), SystemTime: siginfo.Long(clocks + word),
            Address: siginfo.ULong(union), Band: siginfo.Long(union), Fd: siginfo.Int(union + word),
            Int: siginfo.Int(union + 8), Pointer: siginfo.ULong(union + 8),
            TimerId: siginfo.Int(union), Overrun: siginfo.Int(union + 4));
    }

    public static void Write(ref Utf8SpanWriter writer, scoped in SignalInfo info, IFileDescriptors? descriptors, int tid)
    {
        writer.Append((byte)'{');
        if (info.Signal != 0)
        {
            writer.Append("si_signo="u8);
            Signals.Write(ref writer, info.Signal);
            writer.Append(", si_code="u8);
            WriteCode(ref writer, info.Code, info.Signal);
            WriteDetails(ref writer, info, descriptors, tid);
        }
        writer.Append((byte)'}');
    }

    private static void WriteCode(ref Utf8SpanWriter writer, int code, int signal)
    {
        ReadOnlySpan<byte> name = ConstantSets.SiginfoCodes.NameOf((ulong)(long)code);
        if (name.IsEmpty && CodesOf(signal) is ConstantSet codes)
            name = codes.NameOf((ulong)(long)code);
        if (name.IsEmpty)
            writer.AppendHex((uint)code);
        else
            writer.Append(name);
    }

    private static ConstantSet? CodesOf(int signal) => signal switch
    {
        (int)KernelConstants.SIGCHLD => ConstantSets.ChildCodes,
        (int)KernelConstants.SIGSEGV => ConstantSets.SegvCodes,
        (int)KernelConstants.SIGBUS => ConstantSets.BusCodes,
        (int)KernelConstants.SIGTRAP => ConstantSets.TrapCodes,
        (int)KernelConstants.SIGILL => ConstantSets.IllCodes,
        (int)KernelConstants.SIGFPE => ConstantSets.FpeCodes,
        _ => null,
    };

    private static void WriteDetails(ref Utf8SpanWriter writer, scoped in SignalInfo info, IFileDescriptors? descriptors, int tid)
    {
        if (info.Errno != 0)
        {
            writer.Append(", si_errno="u8);
            ReadOnlySpan<byte> errno = Errno.Name(info.Errno);
            if (errno.IsEmpty)
                writer.AppendDecimal((ulong)(uint)info.Errno);
            else
                writer.Append(errno);
        }
        if (info.Code <= 0)
        {
            switch (info.Code)
            {
                case (int)KernelConstants.SI_TIMER:
                    writer.Append(", si_timerid="u8);
                    writer.AppendHex((uint)info.TimerId);
                    writer.Append(", si_overrun="u8);
                    writer.AppendDecimal((long)info.Overrun);
                    WriteValue(ref writer, info);
                    break;
                case (int)KernelConstants.SI_SIGIO:
                    WritePoll(ref writer, info, descriptors, tid);
                    break;
                default:
                    WriteSource(ref writer, info);
                    if (info.Code is not ((int)KernelConstants.SI_USER or (int)KernelConstants.SI_TKILL) && info.Pointer != 0)
                        WriteValue(ref writer, info);
                    break;
            }
            return;
        }
        switch (info.Signal)
        {
            case (int)KernelConstants.SIGCHLD:
                WriteSource(ref writer, info);
                writer.Append(", si_status="u8);
                if (info.Code == (int)KernelConstants.CLD_EXITED)
                    writer.AppendDecimal((long)info.Status);
                else
                    Signals.Write(ref writer, info.Status);
                writer.Append(", si_utime="u8);
                WriteClock(ref writer, info.UserTime);
                writer.Append(", si_stime="u8);
                WriteClock(ref writer, info.SystemTime);
                break;
            case (int)KernelConstants.SIGILL or (int)KernelConstants.SIGFPE or (int)KernelConstants.SIGSEGV or (int)KernelConstants.SIGBUS or (int)KernelConstants.SIGTRAP:
                writer.Append(", si_addr="u8);
                ArgumentRenderer.WritePointer(ref writer, info.Address);
                if (info.Signal == (int)KernelConstants.SIGSEGV && info.Code == (int)KernelConstants.SEGV_PKUERR)
                    writer.Append(", si_pkey=0"u8);
                if (info.Signal == (int)KernelConstants.SIGBUS && info.Code is (int)KernelConstants.BUS_MCEERR_AR or (int)KernelConstants.BUS_MCEERR_AO)
                    writer.Append(", si_addr_lsb=0"u8);
                break;
            case (int)KernelConstants.SIGIO:
                if (info.Code is >= 1 and <= 6)
                    WritePoll(ref writer, info, descriptors, tid);
                break;
            default:
                if (info.Pid != 0 || info.Uid != 0)
                    WriteSource(ref writer, info);
                if (info.Pointer != 0)
                    WriteValue(ref writer, info);
                break;
        }
    }

    private static void WriteSource(ref Utf8SpanWriter writer, scoped in SignalInfo info)
    {
        writer.Append(", si_pid="u8);
        writer.AppendDecimal((long)info.Pid);
        writer.Append(", si_uid="u8);
        writer.AppendDecimal((ulong)info.Uid);
    }

    private static void WriteValue(ref Utf8SpanWriter writer, scoped in SignalInfo info)
    {
        writer.Append(", si_int="u8);
        writer.AppendDecimal((long)info.Int);
        writer.Append(", si_ptr="u8);
        ArgumentRenderer.WritePointer(ref writer, info.Pointer);
    }

    private static void WritePoll(ref Utf8SpanWriter writer, scoped in SignalInfo info, IFileDescriptors? descriptors, int tid)
    {
        writer.Append(", si_band="u8);
        writer.AppendDecimal(info.Band);
        writer.Append(", si_fd="u8);
        writer.AppendDecimal((long)info.Fd);
        if (descriptors is not null && info.Fd >= 0)
            writer.Append(descriptors.Describe(tid, info.Fd));
    }

    // strace's PRINT_FIELD_CLOCK_T: clock ticks, and their seconds in a comment when not 0.
    private static void WriteClock(ref Utf8SpanWriter writer, long ticks)
    {
        writer.AppendDecimal(ticks);
        if (ticks == 0)
            return;
        writer.Append(" /* "u8);
        long hundredths = ticks * 100 / ClockTicksPerSecond;
        writer.AppendDecimal(hundredths / 100);
        writer.Append((byte)'.');
        long fraction = Math.Abs(hundredths % 100);
        if (fraction < 10)
            writer.Append((byte)'0');
        writer.AppendDecimal(fraction);
        writer.Append(" s */"u8);
    }

    // USER_HZ, what clock_t counts in every Linux ABI.
    private const long ClockTicksPerSecond = 100;
}
