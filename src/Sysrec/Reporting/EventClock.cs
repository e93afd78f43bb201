using System.Text.Json;
using Sysrec.IO;

namespace Sysrec.Reporting;

/// <summary>
/// Tells when each syscall of a recording happened, one after the other in file order: its <c>ts_ns</c> in
/// a jsonl recording; in a text one, which has no time, its place among the syscalls (0, 1, 2, ...).
/// <see cref="Analysis.TraceEvent"/> does not carry the timestamp, so a jsonl recording is read a second
/// time alongside <see cref="Analysis.TraceReader"/>, line for line: both pass over the same empty lines.
/// </summary>
internal sealed class EventClock : IDisposable
{
    private readonly TextInput? _jsonl;
    private ulong _next;

    private EventClock(TextInput? jsonl) => _jsonl = jsonl;

    public bool ByTime => _jsonl is not null;

    public static EventClock Open(string path)
    {
        bool jsonl;
        using (TextInput peek = TextInput.Open(path))
            jsonl = TryReadSyscallLine(peek, out ReadOnlySpan<byte> first) && first[0] == (byte)'{'; // as TraceReader decides
        return new EventClock(jsonl ? TextInput.Open(path) : null);
    }

    /// <summary>The time of the next syscall; false past the last.</summary>
    public bool TryNext(out ulong at)
    {
        if (_jsonl is null)
        {
            at = _next++;
            return true;
        }
        at = 0;
        if (!TryReadSyscallLine(_jsonl, out ReadOnlySpan<byte> line))
            return false;
        if (!TryTimestamp(line, out at))
            throw _jsonl.Error("\"ts_ns\" is missing or not a number of nanoseconds; the timeline needs it");
        return true;
    }

    private static bool TryReadSyscallLine(TextInput input, out ReadOnlySpan<byte> line)
    {
        while (input.TryReadLine(out line))
        {
            if (!line.IsEmpty)
                return true;
        }
        return false;
    }

    private static bool TryTimestamp(ReadOnlySpan<byte> line, out ulong at)
    {
        at = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool timestamp = reader.ValueTextEquals("ts_ns"u8);
                reader.Read();
                if (timestamp)
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out at);
                reader.Skip();
            }
            return false;
        }
        catch (JsonException)
        {
            // TraceReader has read this line well already, unless the file changed since.
            return false;
        }
    }

    public void Dispose() => _jsonl?.Dispose();
}
