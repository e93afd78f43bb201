using System.Buffers;

namespace Sysrec.Decoding;

/// <summary>
/// Strings and buffers as strace prints them (its string_quote, printstr_ex and printpathn): quoted,
/// <c>\n \t \r \f \v \" \\</c> escaped by name, other bytes outside printable ASCII in octal (as short as
/// it can be unless the next byte is an octal digit: <c>\0</c> but <c>\0007</c>), and <c>...</c> after a
/// string cut at -s or a buffer longer than -s.
/// </summary>
internal static class StraceText
{
    /// <summary>The bytes quoted, all of them.</summary>
    public static void WriteQuoted(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> text, QuoteStyle style = QuoteStyle.Default)
    {
        bool quotes = (style & QuoteStyle.InAngleBrackets) == 0;
        if (quotes)
            writer.Append((byte)'"');
        if ((style & QuoteStyle.Hex) != 0)
            WriteHex(ref writer, text);
        else
            WriteEscaped(ref writer, text, (style & QuoteStyle.InAngleBrackets) != 0);
        if (quotes)
            writer.Append((byte)'"');
    }

    /// <summary>
    /// A NUL-terminated string: the bytes before the NUL, at most <paramref name="limit"/> of them, and
    /// <c>...</c> when it is longer (<paramref name="longer"/>, or more bytes than the limit).
    /// </summary>
    public static void WriteString(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> text, bool longer, int limit)
    {
        if (text.Length > limit)
        {
            text = text[..limit];
            longer = true;
        }
        WriteQuoted(ref writer, text);
        if (longer)
            writer.Append("..."u8);
    }

    /// <summary>
    /// A buffer of <paramref name="fullLength"/> bytes of which <paramref name="present"/> were captured:
    /// at most <paramref name="limit"/> (-s) bytes, and <c>...</c> when the buffer was longer than that.
    /// </summary>
    public static void WriteBuffer(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> present, ulong fullLength, int limit, QuoteStyle style = QuoteStyle.Default)
    {
        int shown = (int)Math.Min((ulong)limit, fullLength);
        if (present.Length > shown)
            present = present[..shown];
        WriteQuoted(ref writer, present, style);
        if (fullLength > (ulong)limit)
            writer.Append("..."u8);
    }

    // The bytes printed as they are: printable ASCII but the quote and the backslash, and inside <...> also the angle brackets.
    private static readonly SearchValues<byte> Plain = SearchValues.Create(PlainBytes(angles: false));
    private static readonly SearchValues<byte> PlainInAngles = SearchValues.Create(PlainBytes(angles: true));

    private static byte[] PlainBytes(bool angles) =>
        [.. Enumerable.Range(' ', 0x7f - ' ').Select(c => (byte)c).Where(c => c != '"' && c != '\\' && !(angles && (c == '<' || c == '>')))];

    private static void WriteEscaped(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> text, bool angles)
    {
        SearchValues<byte> plain = angles ? PlainInAngles : Plain;
        while (true)
        {
            int next = text.IndexOfAnyExcept(plain);
            if (next < 0)
            {
                writer.Append(text);
                return;
            }
            writer.Append(text[..next]);
            byte c = text[next];
            text = text[(next + 1)..];
            writer.Append((byte)'\\');
            switch (c)
            {
                case (byte)'"' or (byte)'\\':
                    writer.Append(c);
                    break;
                case (byte)'\f':
                    writer.Append((byte)'f');
                    break;
                case (byte)'\n':
                    writer.Append((byte)'n');
                    break;
                case (byte)'\r':
                    writer.Append((byte)'r');
                    break;
                case (byte)'\t':
                    writer.Append((byte)'t');
                    break;
                case (byte)'\v':
                    writer.Append((byte)'v');
                    break;
                default:
                    WriteOctal(ref writer, c, !text.IsEmpty && text[0] >= '0' && text[0] <= '7');
                    break;
            }
        }
    }

    // strace's sprint_byte_oct: as few digits as the value needs, or always three before an octal digit.
    private static void WriteOctal(ref Utf8SpanWriter writer, byte c, bool full)
    {
        Span<byte> digits = [(byte)('0' + (c >> 6)), (byte)('0' + ((c >> 3) & 7)), (byte)('0' + (c & 7))];
        int start = full || c >= 64 ? 0 : c >= 8 ? 1 : 2;
        writer.Append(digits[start..]);
    }

    private static void WriteHex(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> text)
    {
        Span<byte> escape = [(byte)'\\', (byte)'x', 0, 0];
        foreach (byte c in text)
        {
            escape[2] = HexDigit(c >> 4);
            escape[3] = HexDigit(c & 0xf);
            writer.Append(escape);
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
