namespace Sysrec.Decoding;

/// <summary>
/// The arguments strace prints from memory other than strings and buffers: structs, arrays and their
/// special forms, each by its <see cref="ArgumentKind"/>. A struct printed at exit prints as its address
/// when the call failed; any struct its capture lacks, as its address; a NULL pointer as <c>NULL</c>.
/// </summary>
internal static class StructRenderer
{
    public static void Write(ref Utf8SpanWriter writer, scoped in CallContext context, int index, ArgumentKind kind)
    {
        ulong address = context.Register(index);
        if (address == 0 && kind is not (ArgumentKind.Dirents or ArgumentKind.Envp))
        {
            writer.Append("NULL"u8);
            return;
        }
        bool exit = ArgumentCaptures.IsExitSide(kind);
        Capture capture;
        bool captured = exit ? ArgumentRenderer.TryExit(context, index, out capture) : ArgumentRenderer.TryEntry(context, index, out capture);
        if (!captured && kind is not (ArgumentKind.TimespecRemain or ArgumentKind.WaitStatus or ArgumentKind.Rusage or ArgumentKind.Dirents
            or ArgumentKind.FdPair or ArgumentKind.Envp or ArgumentKind.PollFds or ArgumentKind.SocklenInOut))
        {
            ArgumentRenderer.WritePointer(ref writer, address);
            return;
        }
        var fields = new StructFields(capture.Data, context.WordSize);
        switch (kind)
        {
            case ArgumentKind.Stat:
                StatFormat.WriteStat(ref writer, fields);
                break;
            case ArgumentKind.Stat64:
                StatFormat.WriteStat64(ref writer, fields);
                break;
            case ArgumentKind.Statx:
                StatFormat.WriteStatx(ref writer, fields);
                break;
            case ArgumentKind.Statfs:
                StatFormat.WriteStatfs(ref writer, fields, context.Printer.Name);
                break;
            case ArgumentKind.TimespecIn or ArgumentKind.TimespecOut:
                TimeFormat.WriteTimespec(ref writer, fields, 0, 8);
                break;
            case ArgumentKind.Timespec32In or ArgumentKind.Timespec32Out:
                TimeFormat.WriteTimespec(ref writer, fields, 0, 4);
                break;
            case ArgumentKind.TimespecRemain:
                TimeFormat.WriteRemain(ref writer, context, index);
                break;
            case ArgumentKind.TimevalIn or ArgumentKind.TimevalOut:
                TimeFormat.WriteTimeval(ref writer, fields, 0);
                break;
            case ArgumentKind.ItimerspecIn or ArgumentKind.ItimerspecOut:
                TimeFormat.WriteItimerspec(ref writer, fields);
                break;
            case ArgumentKind.ItimervalIn or ArgumentKind.ItimervalOut:
                TimeFormat.WriteItimerval(ref writer, fields);
                break;
            case ArgumentKind.RlimitIn or ArgumentKind.RlimitOut:
                ResourceFormat.WriteRlimit(ref writer, fields, context.WordSize);
                break;
            case ArgumentKind.Rlimit64In or ArgumentKind.Rlimit64Out:
                ResourceFormat.WriteRlimit(ref writer, fields, 8);
                break;
            case ArgumentKind.Rusage:
                ResourceFormat.WriteRusage(ref writer, context, index, captured, fields);
                break;
            case ArgumentKind.Utsname:
                ResourceFormat.WriteUtsname(ref writer, fields);
                break;
            case ArgumentKind.Sysinfo:
                ResourceFormat.WriteSysinfo(ref writer, fields);
                break;
            case ArgumentKind.SigactionIn or ArgumentKind.SigactionOut:
                SignalFormat.WriteSigaction(ref writer, fields);
                break;
            case ArgumentKind.OldSigactionIn or ArgumentKind.OldSigactionOut:
                SignalFormat.WriteOldSigaction(ref writer, fields);
                break;
            case ArgumentKind.SigsetIn or ArgumentKind.SigsetOut:
                SignalFormat.WriteSigset(ref writer, context, index, capture.Data);
                break;
            case ArgumentKind.SigsetAndSize:
                SignalFormat.WriteSigsetAndSize(ref writer, context, index, capture.Data);
                break;
            case ArgumentKind.SiginfoIn or ArgumentKind.SiginfoOut:
                SiginfoFormat.Write(ref writer, SiginfoFormat.Read(fields), context.Descriptors, context.Call.Tid);
                break;
            case ArgumentKind.FdSet:
                SelectFormat.WriteFdSet(ref writer, context, index, capture.Data);
                break;
            case ArgumentKind.StackIn or ArgumentKind.StackOut:
                SignalFormat.WriteStack(ref writer, fields);
                break;
            case ArgumentKind.PollFds:
                PollFormat.WritePollFds(ref writer, context, index);
                break;
            case ArgumentKind.EpollEventIn:
                PollFormat.WriteEpollEvent(ref writer, fields, 0);
                break;
            case ArgumentKind.EpollEventsOut:
                PollFormat.WriteEpollEvents(ref writer, context, capture.Data);
                break;
            case ArgumentKind.IovecIn or ArgumentKind.IovecOut:
                IovecFormat.WriteIovecs(ref writer, context, index, capture.Data, kind == ArgumentKind.IovecOut);
                break;
            case ArgumentKind.MsghdrIn or ArgumentKind.MsghdrOut:
                IovecFormat.WriteMsghdr(ref writer, context, capture.Data, kind == ArgumentKind.MsghdrOut);
                break;
            case ArgumentKind.SockaddrIn or ArgumentKind.SockaddrOut:
                SockaddrFormat.Write(ref writer, capture.Data, capture.FullLength);
                break;
            case ArgumentKind.SocklenInOut:
                SocketFormat.WriteSocklen(ref writer, context, index);
                break;
            case ArgumentKind.SockoptIn or ArgumentKind.SockoptOut:
                SocketFormat.WriteOptionValue(ref writer, context, capture);
                break;
            case ArgumentKind.FdPair:
                FdFormat.WritePair(ref writer, context, index, captured, fields);
                break;
            case ArgumentKind.IntIn or ArgumentKind.IntOut or ArgumentKind.Int64Out:
                writer.Append((byte)'[');
                writer.AppendDecimal(kind == ArgumentKind.Int64Out ? fields.Long64(0) : fields.Int(0));
                writer.Append((byte)']');
                break;
            case ArgumentKind.WaitStatus:
                WaitStatusFormat.WriteArgument(ref writer, context, index, captured, fields);
                break;
            case ArgumentKind.Argv:
                ExecveFormat.WriteArgv(ref writer, context, capture.Data);
                break;
            case ArgumentKind.Envp:
                ExecveFormat.WriteEnvp(ref writer, context, index);
                break;
            case ArgumentKind.Dirents:
                WriteDirents(ref writer, context, index);
                break;
            case ArgumentKind.IoctlArgument:
                ArgumentRenderer.WritePointer(ref writer, address);
                break;
            default:
                ArgumentRenderer.WritePointer(ref writer, address);
                break;
        }
    }

    // getdents: the address, and how many entries the call returned when it did.
    private static void WriteDirents(ref Utf8SpanWriter writer, scoped in CallContext context, int index)
    {
        ArgumentRenderer.WritePointer(ref writer, context.Register(index));
        if (!ArgumentRenderer.TryExit(context, index, out Capture count))
            return;
        uint entries = new StructFields(count.Data, 4).UInt(0);
        writer.Append(" /* "u8);
        writer.AppendDecimal((ulong)entries);
        writer.Append(entries == 1 ? " entry */"u8 : " entries */"u8);
    }
}
