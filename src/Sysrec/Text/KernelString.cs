using System.Buffers;
using System.Text;

namespace Sysrec.Text;

/// <summary>
/// Bytes the kernel gave or takes (arguments, environment, file names), which need not be UTF-8, held
/// as a .NET string without losing one: valid UTF-8 decodes as usual, and every byte that is not part of
/// valid UTF-8 becomes the lone surrogate U+DC00 + byte (U+DC80 to U+DCFF, Python's "surrogateescape").
/// Encoding turns each such surrogate back into its byte, so a name goes back to the kernel exactly as
/// it came; valid UTF-8 never decodes to a lone surrogate, so no other string can mean the same bytes.
/// </summary>
internal static class KernelString
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                // Byte by byte, even inside a longer invalid sequence, so each comes back as it was.
                text.Append((char)(0xDC00 + bytes[0]));
                bytes = bytes[1..];
            }
        }
        return text.ToString();
    }

    /// <summary>Each entry of a list of NUL-terminated strings, as /proc/self/cmdline and /proc/self/environ hold them.</summary>
    public static List<string> DecodeList(ReadOnlySpan<byte> terminated)
    {
        var entries = new List<string>();
        for (int end; (end = terminated.IndexOf((byte)0)) >= 0; terminated = terminated[(end + 1)..])
            entries.Add(Decode(terminated[..end]));
        return entries;
    }

    public static byte[] Encode(string text)
    {
        var bytes = new byte[GetByteCount(text)];
        Encode(text, bytes);
        return bytes;
    }

    public static int GetByteCount(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i += Step(text, i))
            count += IsEscape(text, i) ? 1 : RuneAt(text, i).Utf8SequenceLength;
        return count;
    }

    /// <summary>Writes <paramref name="text"/>'s bytes into <paramref name="destination"/>, which must hold <see cref="GetByteCount"/> of them.</summary>
    public static int Encode(string text, Span<byte> destination)
    {
        int length = 0;
        for (int i = 0; i < text.Length; i += Step(text, i))
        {
            if (IsEscape(text, i))
                destination[length++] = (byte)(text[i] - 0xDC00);
            else
                length += RuneAt(text, i).EncodeToUtf8(destination[length..]);
        }
        return length;
    }

    // A lone surrogate that no decoding made (not an escaped byte) is written as U+FFFD, as .NET does.
    private static Rune RuneAt(string text, int i) => IsLoneSurrogate(text, i) ? Rune.ReplacementChar : Rune.GetRuneAt(text, i);

    private static bool IsEscape(string text, int i) => text[i] is >= FirstEscape and <= LastEscape && IsLoneSurrogate(text, i);

    // Only ever asked at the start of a character: the low half of a pair is stepped over with its high half.
    private static bool IsLoneSurrogate(string text, int i) =>
        char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]));

    private static int Step(string text, int i) => char.IsSurrogate(text[i]) && !IsLoneSurrogate(text, i) ? 2 : 1;
}
