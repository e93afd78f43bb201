using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Sysrec.Tests.Integration;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Export;

/// <summary>One syscall as the export's table holds it; <see cref="Args"/> joined by commas, so rows compare by value.</summary>
/// <param name="TimeUnixNs">ts_ns in Unix time, by the recording's clock event; null without one.</param>
/// <param name="Uid">uid, gid, cgroup_id and cgroup: null in text.</param>
internal sealed record ExportedRow(long? TsNs, long Pid, long? Tid, string Comm, string Abi, long Nr, string? Name, string? Args, long? Ret, long? DurNs,
    long? TimeUnixNs = null, long? Uid = null, long? Gid = null, long? CgroupId = null, string? Cgroup = null)
{
    public static readonly string[] Columns =
        ["ts_ns", "pid", "tid", "comm", "abi", "nr", "name", "arg0", "arg1", "arg2", "arg3", "arg4", "arg5", "ret", "dur_ns", "time_unix_ns",
         "uid", "gid", "cgroup_id", "cgroup"];

    /// <summary>
    /// What each line of a recording should become, read with a general JSON parser (jsonl) or by splitting
    /// at the colons (text): args as the registers' bits read signed, a comm's bytes back to text as the
    /// export escapes them. Exec and other event lines are no syscalls; a clock event gives the Unix time
    /// of the lines after it.
    /// </summary>
    public static List<ExportedRow> FromRecording(string recording, bool jsonl)
    {
        var rows = new List<ExportedRow>();
        long? offset = null;
        foreach (string line in recording.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!jsonl)
            {
                TraceEntry entry = TraceFile.Parse(line + "\n").Single();
                string? name = SyscallTable.Name(entry.Abi == "i386" ? SyscallAbi.I386 : SyscallAbi.Native, entry.SyscallId);
                rows.Add(new ExportedRow(null, entry.Pid, null, entry.Comm, entry.Abi, entry.SyscallId, name, null, null, null));
                continue;
            }
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement o = document.RootElement;
            if (o.TryGetProperty("event", out JsonElement kind))
            {
                if (kind.GetString() == "clock")
                    offset = o.GetProperty("realtime_ns").GetInt64() - o.GetProperty("ts_ns").GetInt64();
                continue;
            }
            string args = string.Join(",", o.GetProperty("args").EnumerateArray().Select(a => ((long)a.GetUInt64()).ToString(CultureInfo.InvariantCulture)));
            rows.Add(new ExportedRow(o.GetProperty("ts_ns").GetInt64(), o.GetProperty("pid").GetInt64(), o.GetProperty("tid").GetInt64(),
                o.GetProperty("comm").GetString()!, o.GetProperty("abi").GetString()!, o.GetProperty("nr").GetInt64(),
                o.GetProperty("name").ValueKind == JsonValueKind.Null ? null : o.GetProperty("name").GetString(), args,
                Nullable(o, "ret"), Nullable(o, "dur_ns"), o.GetProperty("ts_ns").GetInt64() + offset,
                Nullable(o, "uid"), Nullable(o, "gid"), Nullable(o, "cgroup_id"), o.GetProperty("cgroup").GetString()));
        }
        return rows;
    }

    /// <summary>Reads an exported file back with Parquet.Net's reader; also returns its row group count.</summary>
    public static async Task<(int RowGroups, List<ExportedRow> Rows)> ReadWithParquetNet(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        DataField[] fields = reader.Schema.GetDataFields();
        Assert.Equal(Columns, fields.Select(field => field.Name));
        var rows = new List<ExportedRow>();
        for (int group = 0; group < reader.RowGroupCount; group++)
        {
            using ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(group);
            int count = checked((int)rowGroup.RowCount);
            long?[] Longs(int column)
            {
                var values = new long?[count];
                rowGroup.ReadAsync<long>(fields[column], values.AsMemory()).AsTask().GetAwaiter().GetResult();
                return values;
            }
            string?[] Strings(int column)
            {
                var values = new string?[count];
                rowGroup.ReadAsync(fields[column], values.AsMemory()).AsTask().GetAwaiter().GetResult();
                return values;
            }
            long?[] ts = Longs(0), pid = Longs(1), tid = Longs(2), nr = Longs(5), ret = Longs(13), dur = Longs(14), unix = Longs(15);
            long?[] uid = Longs(16), gid = Longs(17), cgroupId = Longs(18);
            string?[] comm = Strings(3), abi = Strings(4), name = Strings(6), cgroup = Strings(19);
            long?[][] args = [.. Enumerable.Range(7, 6).Select(Longs)];
            for (int i = 0; i < count; i++)
            {
                string? joined = args[0][i] is null ? null : string.Join(",", args.Select(arg => arg[i]!.Value.ToString(CultureInfo.InvariantCulture)));
                rows.Add(new ExportedRow(ts[i], pid[i]!.Value, tid[i], comm[i]!, abi[i]!, nr[i]!.Value, name[i], joined, ret[i], dur[i], unix[i],
                    uid[i], gid[i], cgroupId[i], cgroup[i]));
            }
        }
        return (reader.RowGroupCount, rows);
    }

    /// <summary>Reads an exported file back with hyparquet, a JavaScript Parquet reader written apart from Parquet.Net.</summary>
    public static (int RowGroups, List<ExportedRow> Rows) ReadWithHyparquet(string path)
    {
        string library = Path.Combine(Repository.Root, "build", "npm", "node_modules", "hyparquet", "src", "node.js");
        Assert.True(File.Exists(library), $"hyparquet is not installed at {library}: run make test-deps");
        CommandResult result = Run.Command("node", [Path.Combine(Repository.Root, "tests", "parquet", "read_parquet.mjs"), library, path]);
        Assert.True(result.ExitCode == 0, $"hyparquet could not read {path}: {result.Stderr}");
        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        JsonElement root = document.RootElement;
        var rows = root.GetProperty("rows").EnumerateArray().Select(row =>
        {
            long? Long(string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : long.Parse(row.GetProperty(column).GetString()!, CultureInfo.InvariantCulture);
            string? Text(string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetString();
            string? args = Long("arg0") is null ? null : string.Join(",", Enumerable.Range(0, 6).Select(i => Long($"arg{i}")!.Value.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(Columns.Order(StringComparer.Ordinal), row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            return new ExportedRow(Long("ts_ns"), Long("pid")!.Value, Long("tid"), Text("comm")!, Text("abi")!, Long("nr")!.Value, Text("name"),
                args, Long("ret"), Long("dur_ns"), Long("time_unix_ns"), Long("uid"), Long("gid"), Long("cgroup_id"), Text("cgroup"));
        }).ToList();
        return (root.GetProperty("row_groups").GetInt32(), rows);
    }

    private static long? Nullable(JsonElement o, string key) =>
        !o.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null ? null : value.GetInt64();
}
