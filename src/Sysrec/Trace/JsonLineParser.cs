using System.Text.Json;
using Sysrec.Syscalls;

namespace Sysrec.Trace;

/// <summary>
/// Reads one line of a <c>--format jsonl</c> recording (see <see cref="JsonLine"/>), plus the fields
/// <c>--exit</c> adds: <c>"ret"</c> (the raw return, -errno on failure) and <c>"dur_ns"</c>, both null for a
/// call that never returned; <c>"uid"</c>, <c>"gid"</c>, <c>"cgroup_id"</c>, <c>"cgroup"</c> (null when
/// the recorder could not name it), absent from recordings older than them; and those --decode adds:
/// <c>"decoded"</c>, <c>"decoded_truncated"</c> (kept as JSON for <see cref="DecodedArguments"/>) and
/// <c>"err"</c>. Fields it does not use (name, and any later addition) are skipped, so older
/// and newer recordings both read. A line with an <c>"event"</c> key is not a syscall: <c>"exec"</c>
/// (<c>{"ts_ns","pid","tid","comm","event":"exec","exe":"/usr/bin/ls"}</c>, <c>exe</c> escaped like the comm,
/// as <see cref="JsonLine"/> writes them)
/// says which program a process started; <c>"clock"</c> (<c>{"ts_ns","event":"clock","realtime_ns"}</c>)
/// anchors the recording's times to the wall clock (<see cref="ClockAnchor"/>); any other event is passed over.
/// </summary>
internal static class JsonLineParser
{
    /// <summary>Room the parser needs besides the line, each as long as the line (the args: six).</summary>
    internal readonly ref struct Buffers(Span<byte> text, Span<byte> comm, Span<byte> exe, Span<ulong> args, Span<byte> cgroup)
    {
        public Span<byte> Cgroup { get; } = cgroup;

        /// <summary>Where a string's JSON escapes are undone, before its text escapes are.</summary>
        public Span<byte> Text { get; } = text;

        public Span<byte> Comm { get; } = comm;

        public Span<byte> Exe { get; } = exe;

        public Span<ulong> Args { get; } = args;
    }

    public static bool TryParse(ReadOnlySpan<byte> line, Buffers buffers, out TraceEntryKind kind, out TraceEvent parsed, out ExecEvent exec, out ClockAnchor clock, out string error)
    {
        kind = TraceEntryKind.Syscall;
        parsed = default;
        exec = default;
        clock = default;
        try
        {
            return TryRead(line, buffers, out kind, out parsed, out exec, out clock, out error);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON at column {e.BytePositionInLine + 1}";
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string holding a \u escape of half a UTF-16 surrogate pair, which no text can hold.
            error = "a string is not valid Unicode (a lone surrogate escape)";
            return false;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> line, Buffers buffers, out TraceEntryKind kind, out TraceEvent parsed, out ExecEvent exec,
        out ClockAnchor clock, out string error)
    {
        kind = TraceEntryKind.Syscall;
        parsed = default;
        exec = default;
        clock = default;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Fail("expected a JSON object", out error);
        long? pid = null, tid = null, number = null, ret = null, uid = null, gid = null;
        ulong? cgroupId = null;
        int cgroupLength = 0;
        ulong? durationNs = null, timestampNs = null, realtimeNs = null;
        SyscallAbi? abi = null;
        int commLength = -1, exeLength = -1, argCount = 0;
        ReadOnlySpan<byte> decoded = default, decodedTruncated = default, err = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("pid"u8))
            {
                reader.Read();
                if (!TryInteger(ref reader, out long value) || value is < 0 or > uint.MaxValue)
                    return Fail("\"pid\" is not a process id", out error);
                pid = value;
            }
            else if (reader.ValueTextEquals("tid"u8))
            {
                reader.Read();
                if (!TryInteger(ref reader, out long value) || value is < 0 or > uint.MaxValue)
                    return Fail("\"tid\" is not a thread id", out error);
                tid = value;
            }
            else if (reader.ValueTextEquals("uid"u8) || reader.ValueTextEquals("gid"u8))
            {
                bool isUid = reader.ValueTextEquals("uid"u8);
                reader.Read();
                if (!TryInteger(ref reader, out long value) || value is < 0 or > uint.MaxValue)
                    return Fail($"\"{(isUid ? "uid" : "gid")}\" is not a user or group id", out error);
                if (isUid)
                    uid = value;
                else
                    gid = value;
            }
            else if (reader.ValueTextEquals("cgroup_id"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
                    return Fail("\"cgroup_id\" is not a cgroup id", out error);
                cgroupId = value;
            }
            else if (reader.ValueTextEquals("cgroup"u8))
            {
                reader.Read();
                // null: the recorder could not name the cgroup.
                if (reader.TokenType == JsonTokenType.Null)
                    cgroupLength = 0;
                else if (ByteString(ref reader, "cgroup", buffers, buffers.Cgroup, out cgroupLength) is string wrong)
                    return Fail(wrong, out error);
            }
            else if (reader.ValueTextEquals("comm"u8))
            {
                reader.Read();
                if (ByteString(ref reader, "comm", buffers, buffers.Comm, out commLength) is string wrong)
                    return Fail(wrong, out error);
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    return Fail("\"event\" is not a string", out error);
                kind = reader.ValueTextEquals("exec"u8) ? TraceEntryKind.Exec
                    : reader.ValueTextEquals("clock"u8) ? TraceEntryKind.Clock
                    : TraceEntryKind.OtherEvent;
            }
            else if (reader.ValueTextEquals("exe"u8))
            {
                reader.Read();
                // null: the kernel could not read the path the exec was given; the program is unknown.
                if (reader.TokenType == JsonTokenType.Null)
                    exeLength = 0;
                else if (ByteString(ref reader, "exe", buffers, buffers.Exe, out exeLength) is string wrong)
                    return Fail(wrong, out error);
            }
            else if (reader.ValueTextEquals("args"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                    return Fail("\"args\" is not an array of six numbers", out error);
                argCount = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (argCount == buffers.Args.Length || reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
                        return Fail("\"args\" is not an array of six numbers", out error);
                    buffers.Args[argCount++] = value;
                }
                if (argCount != buffers.Args.Length)
                    return Fail("\"args\" is not an array of six numbers", out error);
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
            else if (reader.ValueTextEquals("decoded"u8))
            {
                reader.Read();
                // Kept as the line has it: read (DecodedArguments) only by what asks for it.
                if (reader.TokenType == JsonTokenType.StartObject)
                    decoded = Value(line, ref reader);
                else if (reader.TokenType != JsonTokenType.Null)
                    return Fail("\"decoded\" is not an object or null", out error);
            }
            else if (reader.ValueTextEquals("decoded_truncated"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                    return Fail("\"decoded_truncated\" is not an array", out error);
                decodedTruncated = Value(line, ref reader);
            }
            else if (reader.ValueTextEquals("err"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                    return Fail("\"err\" is not an errno name", out error);
                err = reader.ValueSpan;
            }
            else if (reader.ValueTextEquals("ts_ns"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
                    return Fail("\"ts_ns\" is not a number of nanoseconds", out error);
                timestampNs = value;
            }
            else if (reader.ValueTextEquals("realtime_ns"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong value))
                    return Fail("\"realtime_ns\" is not a number of nanoseconds", out error);
                realtimeNs = value;
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
        if (kind == TraceEntryKind.OtherEvent)
        {
            error = "";
            return true;
        }
        if (kind == TraceEntryKind.Clock)
        {
            if (timestampNs is null || realtimeNs is null)
                return Fail($"\"{(timestampNs is null ? "ts_ns" : "realtime_ns")}\" is missing from a clock event", out error);
            clock = new ClockAnchor(timestampNs.Value, realtimeNs.Value);
            error = "";
            return true;
        }
        if (kind == TraceEntryKind.Exec)
        {
            string? absent = pid is null ? "pid" : exeLength < 0 ? "exe" : null;
            if (absent is not null)
                return Fail($"\"{absent}\" is missing from an exec event", out error);
            exec = new ExecEvent((uint)pid!.Value, buffers.Exe[..exeLength], commLength < 0 ? default : buffers.Comm[..commLength]);
            error = "";
            return true;
        }
        string? missing = pid is null ? "pid" : commLength < 0 ? "comm" : abi is null ? "abi" : number is null ? "nr" : null;
        if (missing is not null)
            return Fail($"\"{missing}\" is missing", out error);
        parsed = new TraceEvent((uint)pid!.Value, buffers.Comm[..commLength], new SyscallKey(abi!.Value, number!.Value), ret, durationNs, timestampNs,
            (uint?)tid, buffers.Args[..argCount], new CallIdentity((uint?)uid, (uint?)gid, cgroupId, buffers.Cgroup[..cgroupLength]),
            decoded, decodedTruncated, err);
        error = "";
        return true;
    }

    // The object or array the reader is at, as the line's bytes, leaving the reader at its end.
    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> line, scoped ref Utf8JsonReader reader)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return line[start..(int)reader.BytesConsumed];
    }

    private static bool TryInteger(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    /// <summary>Reads a comm or exe back into the kernel's bytes; returns what is wrong, or null.</summary>
    private static string? ByteString(ref Utf8JsonReader reader, string key, Buffers buffers, Span<byte> bytes, out int length)
    {
        length = -1;
        if (reader.TokenType != JsonTokenType.String)
            return $"\"{key}\" is not a string";
        ReadOnlySpan<byte> text = buffers.Text[..reader.CopyString(buffers.Text)];
        if (!CommText.TryUnescape(text, bytes, out length))
            return $"\"{key}\" has a backslash that is not \\\\ or \\xHH";
        return null;
    }

    private static bool Fail(string what, out string error)
    {
        error = what;
        return false;
    }
}
