using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>
/// One syscall line of a <c>--format jsonl</c> trace. <paramref name="Paths"/> is null when the line has
/// none (no --paths, or a call that takes no path), and holds null for a path that could not be read.
/// <paramref name="WithExit"/> says the line has <c>ret</c> and <c>dur_ns</c> (--exit); they are null for a
/// call that never returned. <paramref name="Cgroup"/> is null where the recorder could not name the cgroup.
/// </summary>
internal sealed record JsonlEntry(ulong TsNs, int Pid, int Tid, string Comm, string Abi, long Nr, string? Name, ulong[] Args,
    string?[]? Paths, int[] PathsTruncated, bool WithExit = false, long? Ret = null, ulong? DurNs = null,
    uint Uid = 0, uint Gid = 0, ulong CgroupId = 0, string? Cgroup = null);

/// <summary>An exec event line: <c>{"ts_ns","pid","tid","comm","event":"exec","exe"}</c>.</summary>
internal sealed record ExecEvent(ulong TsNs, int Pid, int Tid, string Comm, string? Exe, bool ExeTruncated);

/// <summary>Reads a jsonl trace with a general JSON parser, not the product's: every line must be one whole object.</summary>
internal static class JsonlTrace
{
    /// <summary>The syscall lines, the event lines passed over.</summary>
    public static IReadOnlyList<JsonlEntry> Parse(string text) =>
        Lines(text).Where(line => !IsEvent(line)).Select(ParseLine).ToList();

    /// <summary>The syscall lines of a jsonl file, as text, its event lines passed over.</summary>
    public static IEnumerable<string> SyscallLines(string path) => File.ReadLines(path).Where(line => !IsEvent(line));

    /// <summary>The exec event lines.</summary>
    public static IReadOnlyList<ExecEvent> Execs(string text) =>
        Lines(text).Where(line => EventOf(line) == "exec").Select(ParseExec).ToList();

    /// <summary>The clock event lines: CLOCK_MONOTONIC and CLOCK_REALTIME read together.</summary>
    public static IReadOnlyList<(ulong TsNs, ulong RealtimeNs)> Clocks(string text) =>
        Lines(text).Where(line => EventOf(line) == "clock").Select(ParseClock).ToList();

    private static string[] Lines(string text)
    {
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the trace does not end on a whole line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsEvent(string line) => EventOf(line) is not null;

    private static string? EventOf(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty("event", out JsonElement kind) ? kind.GetString() : null;
    }

    private static (ulong TsNs, ulong RealtimeNs) ParseClock(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement o = document.RootElement;
        Assert.Equal(["ts_ns", "event", "realtime_ns"], o.EnumerateObject().Select(property => property.Name));
        return (o.GetProperty("ts_ns").GetUInt64(), o.GetProperty("realtime_ns").GetUInt64());
    }

    private static JsonlEntry ParseLine(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement o = document.RootElement;
        ulong[] args = [.. o.GetProperty("args").EnumerateArray().Select(a => a.GetUInt64())];
        Assert.True(args.Length == 6, $"not six arguments: '{line}'");
        string?[]? paths = o.TryGetProperty("paths", out JsonElement p) ? [.. p.EnumerateArray().Select(path => path.GetString())] : null;
        int[] truncated = o.TryGetProperty("paths_truncated", out JsonElement t) ? [.. t.EnumerateArray().Select(i => i.GetInt32())] : [];
        bool withExit = o.TryGetProperty("ret", out JsonElement ret);
        Assert.True(withExit == o.TryGetProperty("dur_ns", out JsonElement duration), $"ret without dur_ns or dur_ns without ret: '{line}'");
        return new JsonlEntry(o.GetProperty("ts_ns").GetUInt64(), o.GetProperty("pid").GetInt32(), o.GetProperty("tid").GetInt32(),
            o.GetProperty("comm").GetString()!, o.GetProperty("abi").GetString()!, o.GetProperty("nr").GetInt64(),
            o.GetProperty("name").GetString(), args, paths, truncated, withExit,
            withExit && ret.ValueKind != JsonValueKind.Null ? ret.GetInt64() : null,
            withExit && duration.ValueKind != JsonValueKind.Null ? duration.GetUInt64() : null,
            o.GetProperty("uid").GetUInt32(), o.GetProperty("gid").GetUInt32(), o.GetProperty("cgroup_id").GetUInt64(), o.GetProperty("cgroup").GetString());
    }

    private static ExecEvent ParseExec(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement o = document.RootElement;
        Assert.Equal(["ts_ns", "pid", "tid", "comm", "event", "exe", .. o.TryGetProperty("exe_truncated", out _) ? ["exe_truncated"] : Array.Empty<string>()],
            o.EnumerateObject().Select(property => property.Name));
        Assert.Equal("exec", o.GetProperty("event").GetString());
        return new ExecEvent(o.GetProperty("ts_ns").GetUInt64(), o.GetProperty("pid").GetInt32(), o.GetProperty("tid").GetInt32(),
            o.GetProperty("comm").GetString()!, o.GetProperty("exe").GetString(), o.TryGetProperty("exe_truncated", out _));
    }
}
