using System.Text;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>strace's string_quote and printstr rules, on texts strace 6.1 printed (see tests/workloads/decode_files.c).</summary>
public sealed class StraceTextTests
{
    [Theory]
    [InlineData("line one\n\ttabbed \"quoted\" back\\slash\r\n", "\"line one\\n\\ttabbed \\\"quoted\\\" back\\\\slash\\r\\n\"")]
    [InlineData("caf\u00e9 \u007f end", "\"caf\\303\\251 \\177 end\"")]
    [InlineData("\f\v", "\"\\f\\v\"")]
    [InlineData("", "\"\"")]
    public void TextIsEscapedAsStraceEscapesIt(string text, string expected) =>
        Assert.Equal(expected, Quote(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void AnOctalEscapeTakesThreeDigitsBeforeAnOctalDigitAndAsFewAsItNeedsOtherwise()
    {
        // strace: write(3, "\1&K\0007\272\337\4)Ns..."
        Assert.Equal("\"\\1&K\\0007\\272\\337\\4)Ns\"", Quote([1, (byte)'&', (byte)'K', 0, (byte)'7', 0xba, 0xdf, 4, (byte)')', (byte)'N', (byte)'s']));
        Assert.Equal("\"\\0\\08\\0017\"", Quote([0, 0, (byte)'8', 1, (byte)'7']));
    }

    [Fact]
    public void ARunOfBinaryBytesIsEscapedByteByByte()
    {
        // strace: read(3, "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0\0\0\0\0"..., 832) = 832
        byte[] header = [0x7f, .. "ELF"u8, 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, (byte)'>', 0, 1, 0, 0, 0, 0x10, (byte)'t', 2, 0, 0, 0, 0, 0];
        Assert.Equal("\"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0\"", Quote(header));
        Assert.Equal("\"\\377\\376\\n\\\\\\0\"", Quote([0xff, 0xfe, (byte)'\n', (byte)'\\', 0]));
    }

    [Fact]
    public void HexStyleEscapesEveryByte() =>
        Assert.Equal("\"\\x5d\\xa7\\x00\"", Quote([0x5d, 0xa7, 0], QuoteStyle.Hex));

    [Fact]
    public void AnAngleBracketPathEscapesTheBracketsAndHasNoQuotes() =>
        Assert.Equal("/tmp/a\\74b\\76\\\"c", Quote("/tmp/a<b>\"c"u8.ToArray(), QuoteStyle.InAngleBrackets));

    [Theory]
    [InlineData(32, 46, "\"0123456789abcdefghijklmnopqrstuv\"...")]
    [InlineData(32, 32, "\"0123456789abcdefghijklmnopqrstuv\"")]
    [InlineData(0, 46, "\"\"...")]
    [InlineData(0, 0, "\"\"")]
    [InlineData(8, 5, "\"01234\"")]
    public void ABufferLongerThanTheLimitIsCutWithDots(int limit, int length, string expected)
    {
        byte[] data = Encoding.ASCII.GetBytes("0123456789abcdefghijklmnopqrstuvwxyz0123456789"[..length]);
        var writer = new Utf8SpanWriter(new byte[256]);
        StraceText.WriteBuffer(ref writer, data.AsSpan(0, Math.Min(limit, length)), (ulong)length, limit);
        Assert.Equal(expected, Encoding.UTF8.GetString(writer.Written));
    }

    [Theory]
    [InlineData("ls -l /tmp/i15r | cat > /dev/null", false, "\"ls -l /tmp/i15r | cat > /dev/nul\"...")]
    [InlineData("short", false, "\"short\"")]
    [InlineData("cut by the kernel", true, "\"cut by the kernel\"...")]
    public void AStringLongerThanTheLimitIsCutWithDots(string text, bool truncated, string expected)
    {
        var writer = new Utf8SpanWriter(new byte[256]);
        StraceText.WriteString(ref writer, Encoding.ASCII.GetBytes(text), truncated, 32);
        Assert.Equal(expected, Encoding.UTF8.GetString(writer.Written));
    }

    private static string Quote(byte[] text, QuoteStyle style = QuoteStyle.Default)
    {
        var writer = new Utf8SpanWriter(new byte[1024]);
        StraceText.WriteQuoted(ref writer, text, style);
        return Encoding.UTF8.GetString(writer.Written);
    }
}
