using System.Globalization;
using System.Text;
using Sysrec.Decoding;
using Sysrec.IO;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A recording as the LID-DS dataset's lines (its 2021 layout, written by sysdig), fields separated by
/// single spaces: <c>time uid pid comm tid event direction params...</c>. Each call gives an entry line
/// (<c>&gt;</c>) and, when the recording has its return (--exit), an exit line (<c>&lt;</c>) timed at entry
/// plus duration; lines are in time order across threads, as sysdig writes them (<see cref="TimeOrderedLines"/>). The event and the
/// parameters each direction carries are sysdig's (<see cref="SysdigEvents"/>): <c>pread</c> for pread64,
/// <c>openat</c>'s on its exit, rendered as a live recording renders them (<see cref="SysdigCallRenderer"/>)
/// from what the line holds (<see cref="RecordedSysdigCall"/>): the registers, and for a --decode recording
/// the paths, buffers and fds its <c>decoded</c> object gives. What else differs from LID-DS: a recording
/// that does not tell the uid (text, or jsonl older than uids) has sysdig's unknown uid, 4294967295; a
/// recording without a clock event (text, or made before there were any) has CLOCK_MONOTONIC times, not
/// Unix time. The comm is escaped as <see cref="CommText"/> does, spaces included; an empty comm is
/// written <c>-</c> (and a comm that is just '-' as <c>\x2d</c>), so that no field is ever empty.
/// </summary>
internal static class LiddsExport
{
    /// <summary>Writes every syscall of <paramref name="trace"/>; returns how many, and the times of the first and last line.</summary>
    public static LiddsLines Write(TraceReader trace, Stream output, ExportProgress? progress = null)
    {
        var comms = new CommStrings(escapeSpace: true);
        // Room for every field at its widest: the comm, as long as a line may be, every byte escaped to four.
        int lineCapacity = 4 * LineReader.MaxLineLength + 512;
        byte[] line = new byte[lineCapacity];
        // The recording holds each call when it returned: its lines are put in time order across threads.
        using var ordered = new TimeOrderedLines(lineCapacity);
        long written = 0;
        ulong? first = null, last = null;
        // The comm each exec gave its process, for the exec's exit line, which is the new program's in sysdig.
        var execComms = new Dictionary<uint, byte[]>();
        var fds = new RecordedFds();
        while (trace.TryReadEntry(out TraceEntryKind kind, out TraceEvent syscall, out ExecEvent exec))
        {
            if (kind == TraceEntryKind.Exec)
            {
                if (!exec.Comm.IsEmpty)
                    execComms[exec.Pid] = exec.Comm.ToArray();
                continue;
            }
            if (kind != TraceEntryKind.Syscall)
                continue;
            if (syscall.TimestampNs is not ulong timestamp || syscall.Tid is not uint tid)
                throw new SysrecException(ExitCodes.Usage,
                    $"{trace.Path}: the LID-DS format needs the time and thread of each call, and text lines carry neither. Record with --format jsonl");
            // Unix time, as sysdig's: from the clock event the recording's file starts with.
            if (trace.Clock is ClockAnchor clock)
                timestamp = clock.UnixNs(timestamp);
            first = Math.Min(first ?? ulong.MaxValue, timestamp);
            last = Math.Max(last ?? 0, timestamp);
            string comm = SysdigLine.Comm(comms, syscall.Comm);
            SysdigEvent? sysdigEvent = SysdigEvents.Of(syscall.Syscall.Abi, syscall.Syscall.Number);
            var call = new RecordedSysdigCall(syscall, Decoded(trace, syscall), fds);
            var entry = new SysdigLine(line);
            entry.Prefix(timestamp, syscall.Identity.Uid ?? SysdigLine.UnknownUid, syscall.Pid, comm, tid, sysdigEvent, syscall.Syscall.Abi, syscall.Syscall.Number, exit: false);
            SysdigCallRenderer.WriteEntry(ref entry, call, sysdigEvent);
            entry.Text("\n"u8);
            ordered.Add(timestamp, line.AsSpan(0, entry.Length));
            fds.Apply(call);
            if (syscall.Ret is not null && syscall.DurationNs is ulong duration)
            {
                var exit = new SysdigLine(line);
                // An exec's record comes after its exec event, when it has returned; without one (a --decode
                // recording), the comm is what the kernel makes of the path it ran.
                ReadOnlySpan<byte> newComm = syscall.Ret == 0 && SyscallTable.Name(syscall.Syscall.Abi, syscall.Syscall.Number) is "execve" or "execveat"
                    && execComms.Remove(syscall.Pid, out byte[]? execComm) ? execComm : SysdigCallRenderer.ExecComm(call);
                exit.Prefix(timestamp + duration, syscall.Identity.Uid ?? SysdigLine.UnknownUid, syscall.Pid, newComm.IsEmpty ? comm : SysdigLine.Comm(comms, newComm),
                    tid, sysdigEvent, syscall.Syscall.Abi, syscall.Syscall.Number, exit: true);
                SysdigCallRenderer.WriteExit(ref exit, call, sysdigEvent, newComm);
                exit.Text("\n"u8);
                ordered.Add(timestamp + duration, line.AsSpan(0, exit.Length));
                last = Math.Max(last.Value, timestamp + duration);
            }
            if (++written % ParquetExport.RowGroupRows == 0)
                progress?.Update(written);
        }
        ordered.WriteTo(output);
        return new LiddsLines(written, first, last, trace.Clock is not null);
    }

    private static DecodedArguments? Decoded(TraceReader trace, in TraceEvent syscall)
    {
        try
        {
            return syscall.ReadDecoded();
        }
        catch (FormatException problem)
        {
            throw trace.Error(problem.Message);
        }
    }
}
