using System.Text.Json;
using Sysrec.Trace;

namespace Sysrec.Analysis;

/// <summary>
/// Writes stats as one JSON document:
/// <code>
/// {"percent_of":"time"|"calls",
///  "syscalls":[{"syscall":"read","abi":"x86_64","nr":0,"name":"read"|null,"calls":N,"errors":N|null,
///               "total_ns":N|null,"mean_ns":N|null,"percent":P}, ...],
///  "total":{"calls":N,"errors":N|null,"total_ns":N|null,"mean_ns":N|null},
///  "processes":[{"comm":"…","pid":N,"percent_of":…,"syscalls":[…],"total":{…}}, ...]}
/// </code>
/// Rows are in the table's order. <c>syscall</c> is the label the table shows (<c>i386/mmap2</c>, or the
/// number when the table has no name). A null is a value the recording does not have: errors need the
/// returns and times the durations that --exit records. <c>mean_ns</c> is the mean over the calls whose
/// duration is known, in whole nanoseconds; <c>percent</c> is the row's share of the table's total time
/// (of its calls when <c>percent_of</c> is "calls"), to two decimals. <c>processes</c> is there only with
/// --per-process, most calls first; a comm is written as in jsonl recordings (see <see cref="CommText"/>).
/// <c>cgroups</c>, <c>[{"cgroup":"/…","cgroup_id":N,…the table}]</c>, only with --per-cgroup, most calls
/// first; <c>cgroup</c> is null where the recording could not name it.
/// </summary>
internal static class StatsJsonWriter
{
    public static void Write(StatsReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteTable(report.Overall, json);
        if (report.Processes is not null)
        {
            json.WriteStartArray("processes");
            foreach (ProcessStats process in report.Processes)
            {
                json.WriteStartObject();
                json.WriteString("comm", CommText.Escape(process.Comm));
                json.WriteNumber("pid", process.Pid);
                WriteTable(process.Table, json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (report.Cgroups is not null)
        {
            json.WriteStartArray("cgroups");
            foreach (CgroupStats cgroup in report.Cgroups)
            {
                json.WriteStartObject();
                if (cgroup.Path.Length > 0)
                    json.WriteString("cgroup", CommText.Escape(cgroup.Path));
                else
                    json.WriteNull("cgroup");
                json.WriteNumber("cgroup_id", cgroup.Id);
                WriteTable(cgroup.Table, json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    private static void WriteTable(StatsTable table, Utf8JsonWriter json)
    {
        json.WriteString("percent_of", table.ByTime ? "time" : "calls");
        json.WriteStartArray("syscalls");
        foreach (StatsRow row in table.Rows)
        {
            json.WriteStartObject();
            json.WriteString("syscall", row.Syscall.Label);
            json.WriteString("abi", row.Syscall.AbiName);
            json.WriteNumber("nr", row.Syscall.Number);
            if (row.Syscall.Name is string name)
                json.WriteString("name", name);
            else
                json.WriteNull("name");
            WriteCounts(row.Tally, json);
            json.WriteNumber("percent", Math.Round(table.Percent(row.Tally), 2));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("total");
        WriteCounts(table.Total, json);
        json.WriteEndObject();
    }

    private static void WriteCounts(in SyscallTally tally, Utf8JsonWriter json)
    {
        json.WriteNumber("calls", tally.Calls);
        WriteKnown(json, "errors", tally.ErrorsKnown, (ulong)tally.Errors);
        WriteKnown(json, "total_ns", tally.TimeKnown, tally.TotalNs);
        WriteKnown(json, "mean_ns", tally.TimeKnown, tally.MeanNs);
    }

    private static void WriteKnown(Utf8JsonWriter json, string property, bool known, ulong value)
    {
        if (known)
            json.WriteNumber(property, value);
        else
            json.WriteNull(property);
    }
}
