using System.Buffers;
using Sysrec.Decoding;

namespace Sysrec.Trace;

/// <summary>
/// The kernel's bytes in a JSON string, as every jsonl field that holds them writes them: first as
/// <see cref="CommText"/> writes them (valid UTF-8 as it is, <c>\\</c> for a backslash, <c>\xHH</c> for a
/// control byte or one that is not UTF-8), then escaped for JSON (so in the line a backslash is
/// <c>\\\\</c>, an odd byte <c>\\xHH</c>).
/// </summary>
internal static class JsonText
{
    // Printable ASCII but the two characters a JSON string escapes.
    private static readonly SearchValues<byte> s_plainAscii =
        SearchValues.Create([.. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b).Where(b => b is not (byte)'"' and not (byte)'\\')]);

    /// <summary>The bytes in quotes.</summary>
    public static void WriteString(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> bytes)
    {
        writer.Append((byte)'"');
        WriteEscaped(ref writer, bytes);
        writer.Append((byte)'"');
    }

    /// <summary>The bytes escaped, without the quotes.</summary>
    public static void WriteEscaped(ref Utf8SpanWriter writer, scoped ReadOnlySpan<byte> bytes)
    {
        Span<byte> escape = stackalloc byte[CommText.MaxEscapedByte + 1];
        while (!bytes.IsEmpty)
        {
            // Most names are plain ASCII, copied at once.
            int plain = bytes.IndexOfAnyExcept(s_plainAscii);
            if (plain < 0)
                plain = bytes.Length;
            writer.Append(bytes[..plain]);
            bytes = bytes[plain..];
            if (bytes.IsEmpty)
                return;
            byte b = bytes[0];
            int kept = 1;
            if (b == (byte)'"')
            {
                writer.Append("\\\""u8);
            }
            else if (b == (byte)'\\')
            {
                // The text's \\, each backslash escaped in turn for JSON.
                writer.Append("\\\\\\\\"u8);
            }
            else if ((kept = CommText.KeptLength(bytes)) > 0)
            {
                writer.Append(bytes[..kept]);
            }
            else
            {
                // The text's \xHH, its backslash escaped in turn for JSON.
                escape[0] = (byte)'\\';
                writer.Append(escape[..(1 + CommText.EscapeByte(b, escape[1..]))]);
                kept = 1;
            }
            bytes = bytes[kept..];
        }
    }
}
