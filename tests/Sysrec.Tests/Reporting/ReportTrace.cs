using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Reporting;

/// <summary>Hand-made recordings for the report's tests.</summary>
internal static class ReportTrace
{
    /// <summary>A jsonl line as `record --format jsonl --exit` writes it; <paramref name="comm"/> is already JSON text.</summary>
    public static string Jsonl(ulong ts, uint pid, string comm, long nr, long? ret = 0, ulong? dur = 1_000) =>
        $"{{\"ts_ns\":{ts},\"pid\":{pid},\"tid\":{pid},\"comm\":\"{comm}\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":{nr},\"name\":null"
        + $",\"args\":[0,0,0,0,0,0],\"ret\":{ret?.ToString() ?? "null"},\"dur_ns\":{dur?.ToString() ?? "null"}}}\n";

    /// <summary>
    /// Processes p0..p{count-1} where pN makes N+1 calls of read, so the busiest is the last, each at a
    /// time of its own; as text lines or as jsonl.
    /// </summary>
    public static string ManyProcesses(int count, bool jsonl)
    {
        var lines = new System.Text.StringBuilder();
        for (int process = 0; process < count; process++)
        {
            for (int call = 0; call <= process; call++)
                lines.Append(jsonl ? Jsonl((ulong)(1_000 * process + call), (uint)(100 + process), $"p{process}", 0) : $"{100 + process}:0:p{process}\n");
        }
        return lines.ToString();
    }
}
