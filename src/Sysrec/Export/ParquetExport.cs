using Parquet;
using Parquet.Schema;
using Sysrec.Analysis;

namespace Sysrec.Export;

/// <summary>
/// A recording as one Parquet table, a row per syscall: <c>ts_ns, pid, tid, comm, abi, nr, name,
/// arg0..arg5, ret, dur_ns</c>, null where the recording does not tell (text lines have no time, thread
/// or arguments; only --exit recordings have ret and dur_ns). Integers are 64-bit signed; an argument
/// register's 64 bits read as signed, so -1 and AT_FDCWD show as -1 and -100. The comm is text as
/// <see cref="Text.CommText"/> escapes it. Rows go out in groups of <see cref="RowGroupRows"/>, so memory
/// stays the same whatever the recording's size.
/// </summary>
internal static class ParquetExport
{
    public const int RowGroupRows = 64 * 1024;

    private static readonly DataField<long?> s_timestamp = new("ts_ns", true);
    private static readonly DataField<long> s_pid = new("pid", false);
    private static readonly DataField<long?> s_tid = new("tid", true);
    private static readonly DataField<string> s_comm = new("comm", false);
    private static readonly DataField<string> s_abi = new("abi", false);
    private static readonly DataField<long> s_number = new("nr", false);
    private static readonly DataField<string> s_name = new("name", true);
    private static readonly DataField<long?>[] s_args = [.. Enumerable.Range(0, 6).Select(i => new DataField<long?>($"arg{i}", true))];
    private static readonly DataField<long?> s_ret = new("ret", true);
    private static readonly DataField<long?> s_duration = new("dur_ns", true);

    private static readonly ParquetSchema s_schema = new([s_timestamp, s_pid, s_tid, s_comm, s_abi, s_number, s_name, .. s_args, s_ret, s_duration]);

    /// <summary>Writes every syscall of <paramref name="trace"/>; returns how many.</summary>
    public static long Write(TraceReader trace, Stream output, ExportProgress? progress = null)
    {
        // Disposed only on success, since that writes the file's footer; after an error the file is deleted
        // and the writer holds nothing but memory.
        ParquetWriter writer = ParquetWriter.CreateAsync(s_schema, output).GetAwaiter().GetResult();
        var rows = new Rows();
        var comms = new CommStrings();
        long written = 0;
        while (trace.TryRead(out TraceEvent syscall))
        {
            rows.Add(syscall, comms);
            if (rows.Count == RowGroupRows)
            {
                written += rows.Count;
                rows.WriteGroup(writer);
                progress?.Update(written);
            }
        }
        if (rows.Count > 0)
        {
            written += rows.Count;
            rows.WriteGroup(writer);
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return written;
    }

    /// <summary>One row group's columns, filled a row at a time and reused for the next group.</summary>
    private sealed class Rows
    {
        private readonly long?[] _timestamp = new long?[RowGroupRows];
        private readonly long[] _pid = new long[RowGroupRows];
        private readonly long?[] _tid = new long?[RowGroupRows];
        private readonly string[] _comm = new string[RowGroupRows];
        private readonly string[] _abi = new string[RowGroupRows];
        private readonly long[] _number = new long[RowGroupRows];
        private readonly string?[] _name = new string?[RowGroupRows];
        private readonly long?[][] _args = [.. Enumerable.Range(0, 6).Select(_ => new long?[RowGroupRows])];
        private readonly long?[] _ret = new long?[RowGroupRows];
        private readonly long?[] _duration = new long?[RowGroupRows];

        public int Count { get; private set; }

        public void Add(in TraceEvent syscall, CommStrings comms)
        {
            int row = Count++;
            _timestamp[row] = (long?)syscall.TimestampNs;
            _pid[row] = syscall.Pid;
            _tid[row] = syscall.Tid;
            _comm[row] = comms.Get(syscall.Comm);
            _abi[row] = syscall.Syscall.AbiName;
            _number[row] = syscall.Syscall.Number;
            _name[row] = syscall.Syscall.Name;
            for (int i = 0; i < _args.Length; i++)
                _args[i][row] = i < syscall.Args.Length ? (long)syscall.Args[i] : null;
            _ret[row] = syscall.Ret;
            _duration[row] = (long?)syscall.DurationNs;
        }

        public void WriteGroup(ParquetWriter writer)
        {
            using (ParquetRowGroupWriter group = writer.CreateRowGroup())
            {
                Wait(group.WriteAsync(s_timestamp, Column(_timestamp)));
                Wait(group.WriteAsync(s_pid, Column(_pid)));
                Wait(group.WriteAsync(s_tid, Column(_tid)));
                Wait(group.WriteAsync(s_comm, new ArraySegment<string>(_comm, 0, Count)));
                Wait(group.WriteAsync(s_abi, new ArraySegment<string>(_abi, 0, Count)));
                Wait(group.WriteAsync(s_number, Column(_number)));
                Wait(group.WriteAsync(s_name, new ArraySegment<string>(_name!, 0, Count)));
                for (int i = 0; i < s_args.Length; i++)
                    Wait(group.WriteAsync(s_args[i], Column(_args[i])));
                Wait(group.WriteAsync(s_ret, Column(_ret)));
                Wait(group.WriteAsync(s_duration, Column(_duration)));
                group.CompleteValidate();
            }
            Count = 0;
        }

        private ReadOnlyMemory<T> Column<T>(T[] values) => values.AsMemory(0, Count);

        // The writer is asynchronous, but the reader hands out spans that cannot cross an await, and a
        // command line tool has nothing to do meanwhile.
        private static void Wait(Task task) => task.GetAwaiter().GetResult();
    }
}
