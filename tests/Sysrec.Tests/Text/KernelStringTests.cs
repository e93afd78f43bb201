using System.Text;
using FsCheck.Xunit;
using Sysrec.Text;

namespace Sysrec.Tests.Text;

public sealed class KernelStringTests
{
    [Property(MaxTest = 1000)]
    public void EveryByteStringComesBackExactly(byte[] bytes)
    {
        string text = KernelString.Decode(bytes);

        Assert.Equal(bytes, KernelString.Encode(text));
        Assert.Equal(bytes.Length, KernelString.GetByteCount(text));
    }

    [Property(MaxTest = 500)]
    public void ValidUtf8DecodesAsUtf8(string text)
    {
        // What .NET makes of the string, replacing any lone surrogate the generator put in.
        byte[] utf8 = Encoding.UTF8.GetBytes(text);

        Assert.Equal(Encoding.UTF8.GetString(utf8), KernelString.Decode(utf8));
        Assert.Equal(utf8, KernelString.Encode(Encoding.UTF8.GetString(utf8)));
    }

    // The strings go in as chars: an attribute's string cannot hold a lone surrogate.
    [Theory]
    // Each byte of a sequence that is not UTF-8 is escaped on its own, even inside a longer one.
    [InlineData(new byte[] { (byte)'a', 0xFF, (byte)'b' }, new[] { 'a', '\uDCFF', 'b' })]
    [InlineData(new byte[] { (byte)'x', 0xE2, 0x82, (byte)'y' }, new[] { 'x', '\uDCE2', '\uDC82', 'y' })]
    // UTF-8 of a surrogate is not valid UTF-8, so it can never be mistaken for an escape.
    [InlineData(new byte[] { 0xED, 0xB3, 0xBF }, new[] { '\uDCED', '\uDCB3', '\uDCBF' })]
    [InlineData(new byte[] { 0x63, 0x61, 0x66, 0xC3, 0xA9 }, new[] { 'c', 'a', 'f', '\u00e9' })]
    // A pair whose low half lies in the escapes' range is a character, not an escape.
    [InlineData(new byte[] { 0xF0, 0x90, 0x82, 0x80, 0x80 }, new[] { '\uD800', '\uDC80', '\uDC80' })]
    public void EscapesBytesThatAreNotUtf8AsLoneSurrogates(byte[] bytes, char[] expected)
    {
        Assert.Equal(new string(expected), KernelString.Decode(bytes));
        Assert.Equal(bytes, KernelString.Encode(new string(expected)));
    }

    [Fact]
    public void ALoneSurrogateNoDecodingMadeIsWrittenAsTheReplacementCharacter() =>
        Assert.Equal("a\uFFFDb\uFFFD"u8.ToArray(), KernelString.Encode("a\uD800b\uDC10"));

    [Fact]
    public void DecodesEachEntryOfANulTerminatedList() =>
        Assert.Equal(["sysrec", "", "a\uDCFF"], KernelString.DecodeList([.. "sysrec\0\0a"u8, 0xFF, 0]));
}
