namespace Sysrec.Decoding;

/// <summary>rlimit, rusage, utsname and sysinfo as strace prints them without -v.</summary>
internal static class ResourceFormat
{
    /// <summary><c>{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}</c>, with fields of <paramref name="fieldSize"/> bytes.</summary>
    public static void WriteRlimit(ref Utf8SpanWriter writer, scoped StructFields fields, int fieldSize)
    {
        writer.Append("{rlim_cur="u8);
        WriteLimit(ref writer, fieldSize == 8 ? fields.ULong64(0) : fields.UInt(0), fieldSize);
        writer.Append(", rlim_max="u8);
        WriteLimit(ref writer, fieldSize == 8 ? fields.ULong64(8) : fields.UInt(4), fieldSize);
        writer.Append((byte)'}');
    }

    /// <summary>wait4's and getrusage's: the two times, then <c>...</c>; wait4 prints it only when a child was reaped.</summary>
    public static void WriteRusage(ref Utf8SpanWriter writer, scoped in CallContext context, int index, bool captured, scoped StructFields fields)
    {
        bool shown = captured && (context.Printer.Name is not ("wait4" or "waitid") || context.Call.Ret > 0);
        if (!shown)
        {
            ArgumentRenderer.WritePointer(ref writer, context.Register(index));
            return;
        }
        writer.Append("{ru_utime="u8);
        TimeFormat.WriteTimeval(ref writer, fields, 0);
        writer.Append(", ru_stime="u8);
        TimeFormat.WriteTimeval(ref writer, fields, 2 * fields.WordSize);
        writer.Append(", ...}"u8);
    }

    /// <summary>struct new_utsname: <c>{sysname="Linux", nodename="vm", ...}</c>.</summary>
    public static void WriteUtsname(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        const int FieldSize = 65;
        writer.Append("{sysname="u8);
        WriteCString(ref writer, fields.Bytes(0, FieldSize));
        writer.Append(", nodename="u8);
        WriteCString(ref writer, fields.Bytes(FieldSize, FieldSize));
        writer.Append(", ...}"u8);
    }

    public static void WriteSysinfo(ref Utf8SpanWriter writer, scoped StructFields fields)
    {
        int word = fields.WordSize;
        writer.Append("{uptime="u8);
        writer.AppendDecimal(fields.Long(0));
        writer.Append(", loads=["u8);
        writer.AppendDecimal(fields.ULong(word));
        writer.Append(", "u8);
        writer.AppendDecimal(fields.ULong(2 * word));
        writer.Append(", "u8);
        writer.AppendDecimal(fields.ULong(3 * word));
        writer.Append((byte)']');
        int offset = 4 * word;
        WriteField(ref writer, ", totalram="u8, fields.ULong(offset));
        WriteField(ref writer, ", freeram="u8, fields.ULong(offset += word));
        WriteField(ref writer, ", sharedram="u8, fields.ULong(offset += word));
        WriteField(ref writer, ", bufferram="u8, fields.ULong(offset += word));
        WriteField(ref writer, ", totalswap="u8, fields.ULong(offset += word));
        WriteField(ref writer, ", freeswap="u8, fields.ULong(offset += word));
        offset += word;
        WriteField(ref writer, ", procs="u8, fields.UShort(offset));
        // procs is a u16 followed by a u16 of padding, then the high memory fields in words.
        offset += word == 8 ? 8 : 4;
        WriteField(ref writer, ", totalhigh="u8, fields.ULong(offset));
        WriteField(ref writer, ", freehigh="u8, fields.ULong(offset += word));
        WriteField(ref writer, ", mem_unit="u8, fields.UInt(offset + word));
        writer.Append((byte)'}');
    }

    // strace's print_rlim64_t / print_rlim32_t.
    private static void WriteLimit(ref Utf8SpanWriter writer, ulong limit, int fieldSize)
    {
        if (fieldSize == 8 ? limit == ulong.MaxValue : limit == uint.MaxValue)
            writer.Append(fieldSize == 8 ? "RLIM64_INFINITY"u8 : "RLIM_INFINITY"u8);
        else if (limit > 1024 && limit % 1024 == 0)
        {
            writer.AppendDecimal(limit / 1024);
            writer.Append("*1024"u8);
        }
        else
            writer.AppendDecimal(limit);
    }

    private static void WriteField(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> name, ulong value)
    {
        writer.Append(name);
        writer.AppendDecimal(value);
    }

    // A char array holding a C string: up to its NUL, quoted, never cut.
    private static void WriteCString(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        StraceText.WriteQuoted(ref writer, end < 0 ? field : field[..end]);
        if (end < 0)
            writer.Append("..."u8);
    }
}
