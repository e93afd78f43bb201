using System.Text;

namespace Sysrec.Text;

/// <summary>
/// A comm or a path (the kernel's bytes, which need not be UTF-8) as text for outputs that must be valid
/// UTF-8 (JSON Lines, CSV, Parquet strings, LID-DS lines, HTML), without losing a byte: valid UTF-8 stays
/// as it is, a backslash becomes <c>\\</c>, and a control byte (below 0x20, or 0x7F) or a byte that is
/// not part of valid UTF-8 becomes <c>\xHH</c>. Unlike the text format's escape, the result is always
/// valid UTF-8; on pure ASCII the two agree, and <see cref="TraceLine.TryUnescapeComm"/> undoes either.
/// </summary>
internal static class CommText
{
    /// <summary>The longest a byte becomes: <c>\xHH</c>.</summary>
    public const int MaxEscapedByte = 4;

    /// <param name="escapeSpace">Also write a space as <c>\x20</c>, for space-separated formats.</param>
    public static string Escape(ReadOnlySpan<byte> bytes, bool escapeSpace = false)
    {
        if (IsPlain(bytes, escapeSpace))
            return Encoding.ASCII.GetString(bytes);
        var text = new StringBuilder(bytes.Length + 8);
        while (!bytes.IsEmpty)
        {
            int length = KeptLength(bytes);
            if (length > 0 && !(escapeSpace && bytes[0] == (byte)' '))
                text.Append(Encoding.UTF8.GetString(bytes[..length]));
            else
                text.Append(bytes[0] == (byte)'\\' ? @"\\" : $@"\x{HexDigit(bytes[0] >> 4)}{HexDigit(bytes[0] & 0xF)}");
            bytes = bytes[Math.Max(length, 1)..];
        }
        return text.ToString();
    }

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

    /// <summary>Writes <c>\\</c> or <c>\xHH</c> for a byte <see cref="KeptLength"/> does not keep; returns the length.</summary>
    public static int EscapeByte(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        if (b == (byte)'\\')
        {
            destination[1] = (byte)'\\';
            return 2;
        }
        destination[1] = (byte)'x';
        destination[2] = (byte)HexDigit(b >> 4);
        destination[3] = (byte)HexDigit(b & 0xF);
        return 4;
    }

    private static char HexDigit(int value) => "0123456789abcdef"[value];

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
