using Parquet;
using Parquet.Schema;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A recording as one Parquet table, a row per syscall: <c>ts_ns, pid, tid, comm, abi, nr, name,
/// arg0..arg5, ret, dur_ns, time_unix_ns, uid, gid, cgroup_id, cgroup</c>, null where the recording does not
/// tell (text lines have no time, thread, arguments or identity; only --exit recordings have ret and dur_ns;
/// only a recording with a clock event has Unix times; cgroup is the path the recorder found for cgroup_id). Integers are 64-bit signed; an argument
/// register's 64 bits read as signed, so -1 and AT_FDCWD show as -1 and -100. The comm is text as
/// <see cref="Trace.CommText"/> escapes it. Rows go out in groups of <see cref="RowGroupRows"/>, so memory
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
    private static readonly DataField<long?> s_unixTime = new("time_unix_ns", true);
    private static readonly DataField<long?> s_uid = new("uid", true);
    private static readonly DataField<long?> s_gid = new("gid", true);
    private static readonly DataField<long?> s_cgroupId = new("cgroup_id", true);
    private static readonly DataField<string> s_cgroup = new("cgroup", true);

    private static readonly ParquetSchema s_schema = new([s_timestamp, s_pid, s_tid, s_comm, s_abi, s_number, s_name, .. s_args, s_ret, s_duration, s_unixTime,
        s_uid, s_gid, s_cgroupId, s_cgroup]);

    /// <summary>Writes every syscall of <paramref name="trace"/>; returns how many.</summary>
    public static long Write(TraceReader trace, Stream output, ExportProgress? progress = null)
    {
        var table = new Table(output, progress);
        while (trace.TryRead(out TraceEvent syscall))
            table.Add(syscall, trace.Clock);
        return table.Finish();
    }

    /// <summary>
    /// The table written a row at a time, for a writer that has the syscalls one by one rather than in a
    /// recording (collect, as records arrive). Rows go out a row group at a time.
    /// </summary>
    /// <param name="rowGroupRows">Rows a group: fewer hold less memory while the rows wait, for a writer with many tables open at once.</param>
    internal sealed class Table(Stream output, ExportProgress? progress = null, int rowGroupRows = RowGroupRows)
    {
        // Disposed only on success, since that writes the file's footer; after an error the file is deleted
        // and the writer holds nothing but memory.
        private readonly ParquetWriter _writer = ParquetWriter.CreateAsync(s_schema, output).GetAwaiter().GetResult();
        private readonly Rows _rows = new(rowGroupRows);
        private readonly CommStrings _comms = new();
        private readonly CommStrings _cgroups = new();
        private long _written;

        /// <param name="clock">The recording's clocks, for the Unix time; null when it has none.</param>
        public void Add(in TraceEvent syscall, ClockAnchor? clock = null)
        {
            _rows.Add(syscall, clock, _comms, _cgroups);
            if (_rows.Count == rowGroupRows)
            {
                _written += _rows.Count;
                _rows.WriteGroup(_writer);
                progress?.Update(_written);
            }
        }

        /// <summary>Writes the last rows and the footer; returns how many rows there are.</summary>
        public long Finish()
        {
            if (_rows.Count > 0)
            {
                _written += _rows.Count;
                _rows.WriteGroup(_writer);
            }
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _written;
        }
    }

    /// <summary>One row group's columns, filled a row at a time and reused for the next group.</summary>
    private sealed class Rows(int capacity)
    {
        private readonly long?[] _timestamp = new long?[capacity];
        private readonly long[] _pid = new long[capacity];
        private readonly long?[] _tid = new long?[capacity];
        private readonly string[] _comm = new string[capacity];
        private readonly string[] _abi = new string[capacity];
        private readonly long[] _number = new long[capacity];
        private readonly string?[] _name = new string?[capacity];
        private readonly long?[][] _args = [.. Enumerable.Range(0, 6).Select(_ => new long?[capacity])];
        private readonly long?[] _ret = new long?[capacity];
        private readonly long?[] _duration = new long?[capacity];
        private readonly long?[] _unixTime = new long?[capacity];
        private readonly long?[] _uid = new long?[capacity];
        private readonly long?[] _gid = new long?[capacity];
        private readonly long?[] _cgroupId = new long?[capacity];
        private readonly string?[] _cgroup = new string?[capacity];

        public int Count { get; private set; }

        public void Add(in TraceEvent syscall, ClockAnchor? clock, CommStrings comms, CommStrings cgroups)
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
            _unixTime[row] = clock is ClockAnchor anchor && syscall.TimestampNs is ulong timestamp ? (long)anchor.UnixNs(timestamp) : null;
            _uid[row] = syscall.Identity.Uid;
            _gid[row] = syscall.Identity.Gid;
            _cgroupId[row] = (long?)syscall.Identity.CgroupId;
            _cgroup[row] = syscall.Identity.Cgroup.IsEmpty ? null : cgroups.Get(syscall.Identity.Cgroup);
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
                Wait(group.WriteAsync(s_unixTime, Column(_unixTime)));
                Wait(group.WriteAsync(s_uid, Column(_uid)));
                Wait(group.WriteAsync(s_gid, Column(_gid)));
                Wait(group.WriteAsync(s_cgroupId, Column(_cgroupId)));
                Wait(group.WriteAsync(s_cgroup, new ArraySegment<string>(_cgroup!, 0, Count)));
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
