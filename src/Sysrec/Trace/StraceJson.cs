using System.Buffers.Text;
using Sysrec.Decoding;

namespace Sysrec.Trace;

/// <summary>
/// strace's text of a value turned into JSON, for the jsonl <c>decoded</c> values the renderer only has
/// as text (structs, arrays, numbers): <c>{st_mode=S_IFREG|0644, st_size=55247, ...}</c> becomes
/// <c>{"st_mode":"S_IFREG|0644","st_size":55247}</c>, <c>["ls", "-l"]</c> an array of strings, a decimal
/// or hex number a number, <c>NULL</c> null, a quoted string its bytes (written as <see cref="JsonText"/>
/// writes them); anything else, or a struct with a member that is not <c>name=value</c>, stays strace's
/// text, as a string. strace's <c>...</c> for members it leaves out is dropped.
/// </summary>
internal static class StraceJson
{
    /// <summary>Writes the JSON of <paramref name="text"/>; returns whether a string or a list in it was cut (strace's <c>"..."...</c>, <c>[..., ...]</c>).</summary>
    /// <param name="scratch">Room for a string's bytes, as long as the text.</param>
    public static bool Write(ref Utf8SpanWriter writer, ReadOnlySpan<byte> text, Span<byte> scratch)
    {
        bool cut = false;
        WriteValue(ref writer, text.Trim((byte)' '), scratch, ref cut);
        return cut;
    }

    private static void WriteValue(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> text, Span<byte> scratch, ref bool cut)
    {
        if (text.SequenceEqual("NULL"u8))
            writer.Append("null"u8);
        else if (IsDecimal(text))
            writer.Append(text);
        else if (text.StartsWith("0x"u8) && text.Length <= 18 && Utf8Parser.TryParse(text[2..], out ulong hex, out int consumed, 'x') && consumed == text.Length - 2)
            writer.AppendDecimal(hex);
        else if (text.Length >= 2 && text[0] == '"' && QuotedEnd(text) is int end and > 0 && (end == text.Length - 1 || text[(end + 1)..].SequenceEqual("..."u8)))
        {
            cut |= end < text.Length - 1;
            JsonText.WriteString(ref writer, scratch[..Unescape(text[1..end], scratch)]);
        }
        else if (text.Length >= 2 && text[0] == '{' && text[^1] == '}' && IsStruct(text[1..^1]))
            WriteStruct(ref writer, text[1..^1], scratch, ref cut);
        else if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
            WriteArray(ref writer, text[1..^1], scratch, ref cut);
        else
            JsonText.WriteString(ref writer, text);
    }

    private static void WriteStruct(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> members, Span<byte> scratch, ref bool cut)
    {
        writer.Append((byte)'{');
        bool first = true;
        for (int position = 0; NextElement(members, ref position, out ReadOnlySpan<byte> member);)
        {
            if (member.SequenceEqual("..."u8))
                continue;
            int equals = member.IndexOf((byte)'=');
            if (!first)
                writer.Append((byte)',');
            first = false;
            JsonText.WriteString(ref writer, member[..equals]);
            writer.Append((byte)':');
            WriteValue(ref writer, member[(equals + 1)..].Trim((byte)' '), scratch, ref cut);
        }
        writer.Append((byte)'}');
    }

    private static void WriteArray(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> elements, Span<byte> scratch, ref bool cut)
    {
        writer.Append((byte)'[');
        bool first = true;
        for (int position = 0; NextElement(elements, ref position, out ReadOnlySpan<byte> element);)
        {
            if (element.SequenceEqual("..."u8))
            {
                cut = true;
                continue;
            }
            if (!first)
                writer.Append((byte)',');
            first = false;
            WriteValue(ref writer, element, scratch, ref cut);
        }
        writer.Append((byte)']');
    }

    // Every member is name=value, or strace's "..." for those it leaves out.
    private static bool IsStruct(ReadOnlySpan<byte> members)
    {
        bool any = false;
        for (int position = 0; NextElement(members, ref position, out ReadOnlySpan<byte> member);)
        {
            any = true;
            if (member.SequenceEqual("..."u8))
                continue;
            int equals = member.IndexOf((byte)'=');
            if (equals <= 0 || !IsName(member[..equals]))
                return false;
        }
        return any;
    }

    private static bool IsName(ReadOnlySpan<byte> name)
    {
        if (name[0] is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_'))
            return false;
        foreach (byte b in name)
        {
            if (b is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_'))
                return false;
        }
        return true;
    }

    // A JSON number as strace prints a decimal: an optional minus, no leading zero (0644 is a mode, kept as text).
    private static bool IsDecimal(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> digits = text.Length > 0 && text[0] == '-' ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 20 || (digits[0] == '0' && digits.Length > 1))
            return false;
        return digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    /// <summary>The next element of a list strace separates with ", ", at its own level (not inside quotes, brackets, or an fd's &lt;...&gt;).</summary>
    private static bool NextElement(ReadOnlySpan<byte> list, ref int position, out ReadOnlySpan<byte> element)
    {
        element = default;
        while (position < list.Length && list[position] == ' ')
            position++;
        if (position >= list.Length)
            return false;
        int start = position, depth = 0, angles = 0;
        bool quoted = false;
        for (; position < list.Length; position++)
        {
            byte b = list[position];
            byte before = position > start ? list[position - 1] : (byte)0;
            if (quoted)
            {
                if (b == '\\')
                    position++;
                else if (b == '"')
                    quoted = false;
            }
            else if (b == '"')
                quoted = true;
            else if (b is (byte)'{' or (byte)'[' or (byte)'(')
                depth++;
            else if (b is (byte)'}' or (byte)']' or (byte)')')
                depth--;
            // An fd's name, 3</etc/passwd> or AT_FDCWD</tmp>, whose socket ends hold "->".
            else if (b == '<' && (before is >= (byte)'0' and <= (byte)'9' || before == 'D' || angles > 0))
                angles++;
            else if (b == '>' && angles > 0 && before != '-')
                angles--;
            else if (b == ',' && depth == 0 && angles == 0)
                break;
        }
        element = list[start..Math.Min(position, list.Length)].TrimEnd((byte)' ');
        position++;
        return true;
    }

    // The index of the quote that ends the string strace opened at 0; -1 if none.
    private static int QuotedEnd(ReadOnlySpan<byte> text)
    {
        for (int i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
                i++;
            else if (text[i] == '"')
                return i;
        }
        return -1;
    }

    /// <summary>Undoes strace's escapes (<see cref="StraceText"/>): <c>\n \t \r \f \v \" \\</c>, octal and <c>\xHH</c>.</summary>
    private static int Unescape(ReadOnlySpan<byte> text, Span<byte> bytes)
    {
        int length = 0;
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b != '\\' || i + 1 == text.Length)
            {
                bytes[length++] = b;
                continue;
            }
            byte next = text[++i];
            switch (next)
            {
                case (byte)'n':
                    bytes[length++] = (byte)'\n';
                    break;
                case (byte)'t':
                    bytes[length++] = (byte)'\t';
                    break;
                case (byte)'r':
                    bytes[length++] = (byte)'\r';
                    break;
                case (byte)'f':
                    bytes[length++] = (byte)'\f';
                    break;
                case (byte)'v':
                    bytes[length++] = (byte)'\v';
                    break;
                case (byte)'x' when i + 2 < text.Length && Utf8Parser.TryParse(text.Slice(i + 1, 2), out byte hex, out int used, 'x') && used == 2:
                    bytes[length++] = hex;
                    i += 2;
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    int value = 0, digits = 0;
                    for (; digits < 3 && i < text.Length && text[i] is >= (byte)'0' and <= (byte)'7'; digits++, i++)
                        value = value * 8 + (text[i] - '0');
                    i--;
                    bytes[length++] = (byte)value;
                    break;
                default:
                    bytes[length++] = next;
                    break;
            }
        }
        return length;
    }
}
