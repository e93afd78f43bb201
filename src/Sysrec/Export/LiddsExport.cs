using System.Globalization;
using System.Text;
using Sysrec.Analysis;
using Sysrec.IO;
using Sysrec.Text;

namespace Sysrec.Export;

/// <summary>
/// A recording as the LID-DS dataset's lines (its 2021 layout), fields separated by single spaces:
/// <c>time uid pid comm tid syscall direction params...</c>. Each call gives an entry line (<c>&gt;</c>,
/// params <c>arg0=</c> to <c>arg5=</c>, the raw registers as signed numbers) and, when the recording has its
/// return (--exit), an exit line right after it (<c>&lt;</c>, <c>res=</c> the return value) timed at entry plus
/// duration. What differs from LID-DS, since the recording does not have it: time is CLOCK_MONOTONIC
/// nanoseconds, not Unix time; the uid is unknown and written -1; params are raw registers, not
/// decoded (no <c>fd=3(&lt;f&gt;/etc/passwd)</c>); lines keep the recording's order, each exit line after its
/// entry, so times are not sorted across threads. The comm is escaped as <see cref="CommText"/> does, spaces included;
/// an empty comm is written <c>-</c> (and a comm that is just '-' as <c>\x2d</c>), so that no field is ever empty.
/// </summary>
internal static class LiddsExport
{
    private const string UnknownUid = "-1";
    private const string EmptyComm = "-";

    /// <summary>Writes every syscall of <paramref name="trace"/>; returns how many.</summary>
    public static long Write(TraceReader trace, Stream output, ExportProgress? progress = null)
    {
        var comms = new CommStrings(escapeSpace: true);
        // Room for every field at its widest: the comm, as long as a line may be, every byte escaped to four.
        Span<byte> line = new byte[4 * LineReader.MaxLineLength + 512];
        long written = 0;
        while (trace.TryRead(out TraceEvent syscall))
        {
            if (syscall.TimestampNs is not ulong timestamp || syscall.Tid is not uint tid)
                throw new SysrecException(ExitCodes.Usage,
                    $"{trace.Path}: the LID-DS format needs the time and thread of each call, and text lines carry neither. Record with --format jsonl");
            string comm = syscall.Comm.IsEmpty ? EmptyComm : syscall.Comm.SequenceEqual("-"u8) ? @"\x2d" : comms.Get(syscall.Comm);
            var entry = new LineWriter(line);
            entry.Prefix(timestamp, syscall, comm, tid);
            entry.Text(" >"u8);
            for (int i = 0; i < syscall.Args.Length; i++)
            {
                entry.Text(" arg"u8);
                entry.Number(i);
                entry.Text("="u8);
                entry.Number((long)syscall.Args[i]);
            }
            entry.Text("\n"u8);
            output.Write(line[..entry.Length]);
            if (syscall.Ret is long ret && syscall.DurationNs is ulong duration)
            {
                var exit = new LineWriter(line);
                exit.Prefix(timestamp + duration, syscall, comm, tid);
                exit.Text(" < res="u8);
                exit.Number(ret);
                exit.Text("\n"u8);
                output.Write(line[..exit.Length]);
            }
            if (++written % ParquetExport.RowGroupRows == 0)
                progress?.Update(written);
        }
        return written;
    }

    private ref struct LineWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Length { get; private set; }

        public void Prefix(ulong timestamp, in TraceEvent syscall, string comm, uint tid)
        {
            Number(timestamp);
            Text(" "u8);
            Text(UnknownUid);
            Text(" "u8);
            Number(syscall.Pid);
            Text(" "u8);
            Text(comm);
            Text(" "u8);
            Number(tid);
            Text(" "u8);
            Length += TraceLine.FormatSyscall(syscall.Syscall.Abi, syscall.Syscall.Number, _destination[Length..], names: true);
        }

        public void Text(scoped ReadOnlySpan<byte> text)
        {
            text.CopyTo(_destination[Length..]);
            Length += text.Length;
        }

        public void Text(string text) => Length += Encoding.UTF8.GetBytes(text, _destination[Length..]);

        public void Number<T>(T value) where T : IUtf8SpanFormattable
        {
            value.TryFormat(_destination[Length..], out int written, default, CultureInfo.InvariantCulture);
            Length += written;
        }
    }
}
