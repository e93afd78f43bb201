using System.Text;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

public sealed class Utf8SpanWriterTests
{
    [Fact]
    public void AnAppendThatDoesNotFitStopsTheWriterWithWhatFitBefore()
    {
        var writer = new Utf8SpanWriter(new byte[8]);
        writer.Append("O_RDONLY"u8);
        writer.Append((byte)'|');
        writer.AppendHex(1);

        Assert.True(writer.Overflowed);
        Assert.Equal("O_RDONLY", Encoding.ASCII.GetString(writer.Written));
    }

    [Theory]
    [InlineData(0UL, "000")]
    [InlineData(8UL, "010")]
    [InlineData(0x1A4UL, "0644")]
    [InlineData(0xFFFUL, "07777")]
    public void ModesAreOctalAsStracePrintsThem(ulong mode, string expected)
    {
        var writer = new Utf8SpanWriter(new byte[32]);
        writer.AppendOctalMode(mode);
        Assert.Equal(expected, Encoding.ASCII.GetString(writer.Written));
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(0x40000000UL, "0x40000000")]
    [InlineData(ulong.MaxValue, "0xffffffffffffffff")]
    public void HexIsCHashX(ulong value, string expected)
    {
        var writer = new Utf8SpanWriter(new byte[32]);
        writer.AppendHex(value);
        Assert.Equal(expected, Encoding.ASCII.GetString(writer.Written));
    }
}
