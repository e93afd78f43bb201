using System.Buffers;
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
/// plus duration; lines are in time order across threads, as sysdig writes them. The event and the
/// parameters each direction carries are sysdig's (<see cref="SysdigEvents"/>): <c>pread</c> for pread64,
/// <c>openat</c>'s on its exit. A parameter is written when the registers hold it: numbers, fds, the return
/// (<c>res=-2(ENOENT)</c>); the others (paths, buffers, flags and modes in sysdig's own encoding, resolved
/// fd names) are left out, never guessed. A syscall sysdig records as a generic event carries none. What else
/// differs from LID-DS: a recording that does not tell the uid (text, or jsonl older than uids) has sysdig's
/// unknown uid, 4294967295; a recording without a clock event (text, or
/// made before there were any) has CLOCK_MONOTONIC times, not Unix time. The comm is escaped as <see cref="CommText"/> does, spaces included; an empty comm is
/// written <c>-</c> (and a comm that is just '-' as <c>\x2d</c>), so that no field is ever empty.
/// </summary>
internal static class LiddsExport
{
    private const string EmptyComm = "-";
    private const int ReturnValue = -1;

    // Where sysdig's name for a parameter differs from the kernel's name of the argument it shows.
    private static readonly Dictionary<string, string[]> s_argumentNames = new(StringComparer.Ordinal)
    {
        ["size"] = ["count", "len"],
        ["length"] = ["len"],
        ["offset"] = ["off"],
        ["fd"] = ["fildes", "oldfd", "ufd"],
        ["dirfd"] = ["dfd"],
        ["domain"] = ["family"],
        ["proto"] = ["protocol"],
        ["addr"] = ["uaddr", "brk"],
        ["tid"] = ["pid"],
        ["timeout"] = ["timeout_msecs"],
    };

    /// <summary>Writes every syscall of <paramref name="trace"/>; returns how many, and the times of the first and last line.</summary>
    public static LiddsLines Write(TraceReader trace, Stream output, ExportProgress? progress = null)
    {
        var comms = new CommStrings(escapeSpace: true);
        // Room for every field at its widest: the comm, as long as a line may be, every byte escaped to four.
        int lineCapacity = 4 * LineReader.MaxLineLength + 512;
        byte[] line = new byte[lineCapacity];
        // Exit lines wait here until no entry line comes before them.
        var exits = new PriorityQueue<(byte[] Line, int Length), ulong>();
        long written = 0;
        ulong? first = null, last = null;
        while (trace.TryRead(out TraceEvent syscall))
        {
            if (syscall.TimestampNs is not ulong timestamp || syscall.Tid is not uint tid)
                throw new SysrecException(ExitCodes.Usage,
                    $"{trace.Path}: the LID-DS format needs the time and thread of each call, and text lines carry neither. Record with --format jsonl");
            // Unix time, as sysdig's: from the clock event the recording's file starts with.
            if (trace.Clock is ClockAnchor clock)
                timestamp = clock.UnixNs(timestamp);
            WriteExitsUntil(exits, timestamp, output);
            first ??= timestamp;
            last = Math.Max(last ?? 0, timestamp);
            string comm = syscall.Comm.IsEmpty ? EmptyComm : syscall.Comm.SequenceEqual("-"u8) ? @"\x2d" : comms.Get(syscall.Comm);
            SysdigEvent? sysdigEvent = SysdigEvents.Of(syscall.Syscall.Abi, syscall.Syscall.Number);
            SyscallSignature? signature = SyscallSignatures.Of(syscall.Syscall.Abi, syscall.Syscall.Number);
            var entry = new LineWriter(line);
            entry.Prefix(timestamp, syscall, sysdigEvent, comm, tid);
            entry.Text(" >"u8);
            foreach (SysdigParameter parameter in sysdigEvent?.Entry ?? [])
                entry.Parameter(parameter, ArgumentOf(parameter, signature), syscall);
            entry.Text("\n"u8);
            output.Write(line.AsSpan(0, entry.Length));
            if (syscall.Ret is not null && syscall.DurationNs is ulong duration)
            {
                byte[] exitLine = ArrayPool<byte>.Shared.Rent(lineCapacity);
                var exit = new LineWriter(exitLine);
                exit.Prefix(timestamp + duration, syscall, sysdigEvent, comm, tid);
                exit.Text(" <"u8);
                for (int i = 0; i < (sysdigEvent?.Exit.Count ?? 0); i++)
                {
                    SysdigParameter parameter = sysdigEvent!.Exit[i];
                    // The first exit parameter is what the call returned: res, or the fd it made.
                    exit.Parameter(parameter, i == 0 && parameter.Name is "res" or "fd" ? ReturnValue : ArgumentOf(parameter, signature), syscall);
                }
                exit.Text("\n"u8);
                exits.Enqueue((exitLine, exit.Length), timestamp + duration);
                last = Math.Max(last.Value, timestamp + duration);
            }
            if (++written % ParquetExport.RowGroupRows == 0)
                progress?.Update(written);
        }
        WriteExitsUntil(exits, ulong.MaxValue, output);
        return new LiddsLines(written, first, last, trace.Clock is not null);
    }

    private static void WriteExitsUntil(PriorityQueue<(byte[] Line, int Length), ulong> exits, ulong timestamp, Stream output)
    {
        while (exits.TryPeek(out (byte[] Line, int Length) exit, out ulong at) && at <= timestamp)
        {
            exits.Dequeue();
            output.Write(exit.Line.AsSpan(0, exit.Length));
            ArrayPool<byte>.Shared.Return(exit.Line);
        }
    }

    // The argument a parameter shows, by its name or sysdig's other name for it; -2 when none does.
    private static int ArgumentOf(SysdigParameter parameter, SyscallSignature? signature)
    {
        if (signature is null)
            return -2;
        for (int i = 0; i < signature.Arguments.Count; i++)
        {
            string name = signature.Arguments[i].Name;
            if (name == parameter.Name || (s_argumentNames.TryGetValue(parameter.Name, out string[]? others) && others.Contains(name)))
                return i;
        }
        return -2;
    }

    private ref struct LineWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Length { get; private set; }

        public void Prefix(ulong timestamp, in TraceEvent syscall, SysdigEvent? sysdigEvent, string comm, uint tid)
        {
            Number(timestamp);
            Text(" "u8);
            // sysdig's for a uid it does not know: (uint32)-1.
            Number(syscall.Identity.Uid ?? uint.MaxValue);
            Text(" "u8);
            Number(syscall.Pid);
            Text(" "u8);
            Text(comm);
            Text(" "u8);
            Number(tid);
            Text(" "u8);
            if (sysdigEvent is not null)
                Text(sysdigEvent.Name.Span);
            else
                Length += TraceLine.FormatSyscall(syscall.Syscall.Abi, syscall.Syscall.Number, _destination[Length..], names: true);
        }

        /// <summary>
        /// <c> name=value</c> as sysdig prints a parameter of its type and format, from the return value or
        /// argument <paramref name="argument"/>; nothing for a type the registers do not hold.
        /// </summary>
        public void Parameter(SysdigParameter parameter, int argument, in TraceEvent syscall)
        {
            // Modes (the only octal parameters) sysdig converts to its own encoding, and shows only for the
            // flags that use one: left out.
            if (argument == -2 || (argument >= 0 && argument >= syscall.Args.Length) || parameter.Format == "PF_OCT")
                return;
            ulong raw = argument == ReturnValue ? (ulong)syscall.Ret!.Value : syscall.Args[argument];
            long? value = parameter.Type switch
            {
                "PT_ERRNO" or "PT_INT64" => (long)raw,
                "PT_FD" or "PT_PID" or "PT_INT32" => (int)raw,
                "PT_INT16" => (short)raw,
                "PT_INT8" => (sbyte)raw,
                "PT_UINT32" or "PT_UID" or "PT_GID" => (uint)raw,
                "PT_UINT16" => (ushort)raw,
                "PT_UINT8" => (byte)raw,
                "PT_UINT64" => (long)raw,
                _ => null,
            };
            if (value is not long number)
                return;
            bool returned = argument == ReturnValue;
            Text(" "u8);
            Text(parameter.Name);
            Text("="u8);
            if (parameter.Format == "PF_HEX")
                Number((ulong)number, "X");
            else if (parameter.Type == "PT_UINT64")
                Number((ulong)number);
            else
                Number(number);
            // A failed call's errno and the fd of the cwd get sysdig's name after the number.
            if (returned && number is < 0 and > -4096 && parameter.Type is "PT_ERRNO" or "PT_FD" or "PT_PID"
                && Errno.Name((int)-number) is { IsEmpty: false } errno)
            {
                Text("("u8);
                Text(errno);
                Text(")"u8);
            }
            else if (parameter.Type == "PT_FD" && number == KernelConstants.AT_FDCWD)
            {
                Text("(AT_FDCWD)"u8);
            }
        }

        public void Text(scoped ReadOnlySpan<byte> text)
        {
            text.CopyTo(_destination[Length..]);
            Length += text.Length;
        }

        public void Text(string text) => Length += Encoding.UTF8.GetBytes(text, _destination[Length..]);

        public void Number<T>(T value, string? format = null) where T : IUtf8SpanFormattable
        {
            value.TryFormat(_destination[Length..], out int written, format, CultureInfo.InvariantCulture);
            Length += written;
        }
    }
}
