using System.Buffers.Text;
using System.Text;

namespace Sysrec.Trace;

/// <summary>
/// Every escape of a name a process chose (a comm, a path: the kernel's bytes, which need not be UTF-8),
/// one per place it goes, all with the one <c>\xHH</c> writer and hex table here:
/// <list type="bullet">
/// <item><see cref="ForTextLine"/>: the design's text line, where only a backslash and control bytes
/// (below 0x20, 0x7F) are escaped and every other byte stays as it is;</item>
/// <item><see cref="Escape"/>: outputs that must be valid UTF-8 (JSON Lines, CSV, Parquet strings,
/// LID-DS lines, HTML): valid UTF-8 stays, a backslash becomes <c>\\</c>, and a control byte or one that
/// is not part of valid UTF-8 becomes <c>\xHH</c>; on pure ASCII it agrees with the text line's;</item>
/// <item><see cref="ForTerminal"/>: a table drawn on a terminal (stats, top), where nothing may reach
/// the terminal as a control character, C1 ones included;</item>
/// <item><see cref="AppendPercentEncoded"/>: file names, <c>%HH</c>.</item>
/// </list>
/// <see cref="TryUnescape"/> undoes the first two.
/// </summary>
internal static class CommText
{
    /// <summary>The longest a byte becomes: <c>\xHH</c>.</summary>
    public const int MaxEscapedByte = 4;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>The text line's escape of <paramref name="comm"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int ForTextLine(ReadOnlySpan<byte> comm, Span<byte> destination)
    {
        int length = 0;
        foreach (byte b in comm)
        {
            if (b is < 0x20 or 0x7F or (byte)'\\')
                length += EscapeByte(b, destination[length..]);
            else
                destination[length++] = b;
        }
        return length;
    }

    /// <param name="escapeSpace">Also write a space as <c>\x20</c>, for space-separated formats.</param>
    public static string Escape(ReadOnlySpan<byte> bytes, bool escapeSpace = false)
    {
        if (IsPlain(bytes, escapeSpace))
            return Encoding.ASCII.GetString(bytes);
        byte[] escaped = new byte[bytes.Length * MaxEscapedByte];
        return Encoding.UTF8.GetString(escaped, 0, Escape(bytes, escaped, escapeSpace));
    }

    /// <summary><see cref="Escape(ReadOnlySpan{byte}, bool)"/> into <paramref name="destination"/> (room for <see cref="MaxEscapedByte"/> bytes each); returns the length.</summary>
    public static int Escape(ReadOnlySpan<byte> bytes, Span<byte> destination, bool escapeSpace)
    {
        int written = 0;
        while (!bytes.IsEmpty)
        {
            int length = KeptLength(bytes);
            if (length > 0 && !(escapeSpace && bytes[0] == (byte)' '))
            {
                bytes[..length].CopyTo(destination[written..]);
                written += length;
            }
            else
            {
                written += EscapeByte(bytes[0], destination[written..]);
            }
            bytes = bytes[Math.Max(length, 1)..];
        }
        return written;
    }

    /// <summary>
    /// A name as the text line escapes it, read as UTF-8 (a byte that is not shows as U+FFFD), with any
    /// control character left, such as a C1 one that UTF-8 spells in two bytes, shown as '?'.
    /// </summary>
    public static string ForTerminal(ReadOnlySpan<byte> comm)
    {
        byte[] escaped = new byte[comm.Length * MaxEscapedByte];
        string text = Encoding.UTF8.GetString(escaped, 0, ForTextLine(comm, escaped));
        return text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;
    }

    /// <summary>Appends <c>%HH</c> for <paramref name="b"/>, in capitals as URLs have it.</summary>
    public static void AppendPercentEncoded(StringBuilder name, byte b) =>
        name.Append('%').Append(char.ToUpperInvariant((char)HexDigits[b >> 4])).Append(char.ToUpperInvariant((char)HexDigits[b & 0xF]));

    /// <summary>
    /// How many of the first bytes stay as they are: one printable ASCII character other than a backslash,
    /// or one whole UTF-8 sequence above ASCII; 0 when the first byte is to be escaped.
    /// </summary>
    public static int KeptLength(ReadOnlySpan<byte> bytes)
    {
        byte b = bytes[0];
        if (b < 0x80)
            return b is >= 0x20 and < 0x7F and not (byte)'\\' ? 1 : 0;
        return Rune.DecodeFromUtf8(bytes, out _, out int consumed) == System.Buffers.OperationStatus.Done ? consumed : 0;
    }

    /// <summary>Writes <c>\\</c> or <c>\xHH</c> for a byte that is escaped; returns the length.</summary>
    public static int EscapeByte(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        if (b == (byte)'\\')
        {
            destination[1] = (byte)'\\';
            return 2;
        }
        destination[1] = (byte)'x';
        destination[2] = HexDigits[b >> 4];
        destination[3] = HexDigits[b & 0xF];
        return 4;
    }

    /// <summary>Undoes <see cref="ForTextLine"/> and <see cref="Escape"/>; the result is never longer than its input.</summary>
    public static bool TryUnescape(ReadOnlySpan<byte> escaped, Span<byte> destination, out int length)
    {
        length = 0;
        for (int i = 0; i < escaped.Length; i++)
        {
            byte b = escaped[i];
            if (b != (byte)'\\')
            {
                destination[length++] = b;
                continue;
            }
            if (i + 1 < escaped.Length && escaped[i + 1] == (byte)'\\')
            {
                destination[length++] = (byte)'\\';
                i++;
            }
            else if (i + 3 < escaped.Length && escaped[i + 1] == (byte)'x'
                     && Utf8Parser.TryParse(escaped.Slice(i + 2, 2), out byte value, out int consumed, 'x') && consumed == 2)
            {
                destination[length++] = value;
                i += 3;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsPlain(ReadOnlySpan<byte> bytes, bool escapeSpace)
    {
        foreach (byte b in bytes)
        {
            if (b is < 0x20 or >= 0x7F or (byte)'\\' || (escapeSpace && b == (byte)' '))
                return false;
        }
        return true;
    }
}
