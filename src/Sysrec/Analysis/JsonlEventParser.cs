using System.Text.Json;
using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Analysis;

/// <summary>
/// Reads one line of a <c>--format jsonl</c> recording (see <see cref="JsonLine"/>), plus the fields
/// <c>--exit</c> adds: <c>"ret"</c> (the raw return, -errno on failure) and <c>"dur_ns"</c>, both null for a
/// call that never returned. Fields it does not use (tid, name, args, and any later addition) are
/// skipped, so older and newer recordings both read.
/// </summary>
internal static class JsonlEventParser
{
    /// <summary>
    /// Whether the line is an event (<c>"event":"exec"</c>) rather than a syscall. A string holds a quote only
    /// escaped, so an unescaped <c>"event":</c> can only be that key.
    /// </summary>
    public static bool IsEvent(ReadOnlySpan<byte> line) => line.IndexOf("\"event\":"u8) >= 0;

    /// <param name="text">Room for the comm as characters: as long as the line.</param>
    /// <param name="comm">Room for the comm's bytes: as long as the line.</param>
    public static bool TryParse(ReadOnlySpan<byte> line, Span<char> text, Span<byte> comm, out TraceEvent parsed, out string error)
    {
        parsed = default;
        try
        {
            return TryRead(line, text, comm, out parsed, out error);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON at column {e.BytePositionInLine + 1}";
            return false;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> line, Span<char> text, Span<byte> comm, out TraceEvent parsed, out string error)
    {
        parsed = default;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Fail("expected a JSON object", out error);
        long? pid = null, number = null, ret = null;
        ulong? durationNs = null, timestampNs = null;
        SyscallAbi? abi = null;
        int commLength = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("pid"u8))
            {
                reader.Read();
                if (!TryInteger(ref reader, out long value) || value is < 0 or > uint.MaxValue)
                    return Fail("\"pid\" is not a process id", out error);
                pid = value;
            }
            else if (reader.ValueTextEquals("comm"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    return Fail("\"comm\" is not a string", out error);
                if (!TryCommBytes(text[..reader.CopyString(text)], comm, out commLength))
                    return Fail("\"comm\" has a character above \\u00ff, but it holds one byte per character", out error);
            }
            else if (reader.ValueTextEquals("abi"u8))
            {
                reader.Read();
                abi = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("i386"u8) ? SyscallAbi.I386
                    : reader.ValueTextEquals(JsonLine.NativeAbi) ? SyscallAbi.Native
                    : null;
                // A recording from another architecture numbers its syscalls from a table this machine does not have.
                if (abi is null)
                    return Fail($"\"abi\" is not {JsonLine.NativeAbi} or i386 (this machine's tables); analyse the recording on the machine type that made it", out error);
            }
            else if (reader.ValueTextEquals("nr"u8))
            {
                reader.Read();
                if (!TryInteger(ref reader, out long value))
                    return Fail("\"nr\" is not a syscall number", out error);
                number = value;
            }
            else if (reader.ValueTextEquals("ret"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                    ret = null;
                else if (TryInteger(ref reader, out long value))
                    ret = value;
                else
                    return Fail("\"ret\" is not a number or null", out error);
            }
            else if (reader.ValueTextEquals("ts_ns"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
                    return Fail("\"ts_ns\" is not a number of nanoseconds", out error);
                timestampNs = value;
            }
            else if (reader.ValueTextEquals("dur_ns"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                    durationNs = null;
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ulong value))
                    durationNs = value;
                else
                    return Fail("\"dur_ns\" is not a number of nanoseconds or null", out error);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        // Reading past the object makes the reader throw on anything but whitespace after it.
        reader.Read();
        string? missing = pid is null ? "pid" : commLength < 0 ? "comm" : abi is null ? "abi" : number is null ? "nr" : null;
        if (missing is not null)
            return Fail($"\"{missing}\" is missing", out error);
        parsed = new TraceEvent((uint)pid!.Value, comm[..commLength], new SyscallKey(abi!.Value, number!.Value), ret, durationNs, timestampNs);
        error = "";
        return true;
    }

    private static bool TryInteger(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    private static bool TryCommBytes(ReadOnlySpan<char> text, Span<byte> comm, out int length)
    {
        length = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
                return false;
            comm[i] = (byte)text[i];
        }
        length = text.Length;
        return true;
    }

    private static bool Fail(string what, out string error)
    {
        error = what;
        return false;
    }
}
