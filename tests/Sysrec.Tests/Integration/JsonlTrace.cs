using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>One line of a <c>--format jsonl</c> trace.</summary>
internal sealed record JsonlEntry(ulong TsNs, int Pid, int Tid, string Comm, string Abi, long Nr, ulong[] Args);

/// <summary>Reads a jsonl trace with a general JSON parser, not the product's: every line must be one whole object.</summary>
internal static class JsonlTrace
{
    public static IReadOnlyList<JsonlEntry> Parse(string text)
    {
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the trace does not end on a whole line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLine).ToList();
    }

    private static JsonlEntry ParseLine(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement o = document.RootElement;
        ulong[] args = [.. o.GetProperty("args").EnumerateArray().Select(a => a.GetUInt64())];
        Assert.True(args.Length == 6, $"not six arguments: '{line}'");
        return new JsonlEntry(o.GetProperty("ts_ns").GetUInt64(), o.GetProperty("pid").GetInt32(), o.GetProperty("tid").GetInt32(),
            o.GetProperty("comm").GetString()!, o.GetProperty("abi").GetString()!, o.GetProperty("nr").GetInt64(), args);
    }
}
