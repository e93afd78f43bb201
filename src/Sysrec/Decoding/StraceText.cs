using System.Buffers;
using System.Text;

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
            text = text[next..];
            // Escaped bytes come in runs (zeros, binary data): a run is escaped byte by byte and searched past
            // once, where a search per byte would cost more than the escapes.
            int run = 0;
            do
            {
                byte c = text[run++];
                bool octalDigitFollows = run < text.Length && (uint)(text[run] - '0') <= 7;
                writer.AppendPacked(octalDigitFollows ? s_escapesBeforeOctalDigit[c] : s_escapes[c]);
            }
            while (run < text.Length && !plain.Contains(text[run]));
            text = text[run..];
        }
    }

    // Each byte's escape packed for Utf8SpanWriter.AppendPacked: by name where C has one, else octal as short as
    // strace's sprint_byte_oct makes it, or of three digits where an octal digit follows (\0 but \0007).
    private static readonly ulong[] s_escapes = Escapes(beforeOctalDigit: false);
    private static readonly ulong[] s_escapesBeforeOctalDigit = Escapes(beforeOctalDigit: true);

    private static ulong[] Escapes(bool beforeOctalDigit)
    {
        var escapes = new ulong[256];
        for (int c = 0; c < 256; c++)
        {
            string escape = c switch
            {
                '"' or '\\' => "\\" + (char)c,
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                _ => "\\" + Convert.ToString(c, 8).PadLeft(beforeOctalDigit ? 3 : 1, '0'),
            };
            escapes[c] = Utf8SpanWriter.Pack(Encoding.ASCII.GetBytes(escape));
        }
        return escapes;
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
