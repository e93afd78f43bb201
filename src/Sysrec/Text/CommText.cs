using System.Text;

namespace Sysrec.Text;

/// <summary>
/// A comm or an exe path (the kernel's bytes, which need not be UTF-8) as text for outputs that must be
/// valid UTF-8 (CSV, Parquet strings, LID-DS lines), without losing a byte: valid UTF-8 stays as it is, a
/// backslash becomes <c>\\</c>, and a control byte (below 0x20, or 0x7F) or a byte that is not part of
/// valid UTF-8 becomes <c>\xHH</c>. Unlike the text format's escape, the result is always valid UTF-8;
/// on pure ASCII the two agree.
/// </summary>
internal static class CommText
{
    /// <param name="escapeSpace">Also write a space as <c>\x20</c>, for space-separated formats.</param>
    public static string Escape(ReadOnlySpan<byte> bytes, bool escapeSpace = false)
    {
        if (IsPlain(bytes, escapeSpace))
            return Encoding.ASCII.GetString(bytes);
        var text = new StringBuilder(bytes.Length + 8);
        while (!bytes.IsEmpty)
        {
            byte b = bytes[0];
            if (b >= 0x80 && Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
                bytes = bytes[consumed..];
                continue;
            }
            if (b == (byte)'\\')
                text.Append(@"\\");
            else if (b < 0x20 || b >= 0x7F || (escapeSpace && b == (byte)' '))
                text.Append(@"\x").Append("0123456789abcdef"[b >> 4]).Append("0123456789abcdef"[b & 0xF]);
            else
                text.Append((char)b);
            bytes = bytes[1..];
        }
        return text.ToString();
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
