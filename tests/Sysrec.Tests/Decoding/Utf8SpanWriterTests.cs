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

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-1L)]
    [InlineData(10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(4096L)]
    [InlineData(-4095L)]
    [InlineData(9_999_999_999L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void DecimalsAreCsLldAndLlu(long value)
    {
        var writer = new Utf8SpanWriter(new byte[64]);
        writer.AppendDecimal(value);
        writer.Append((byte)' ');
        writer.AppendDecimal((ulong)value);
        Assert.Equal($"{value} {(ulong)value}", Encoding.ASCII.GetString(writer.Written));
    }

    [Fact]
    public void EveryNumberOfDigitsIsWrittenAsCWritesIt()
    {
        for (ulong power = 1; power <= 10_000_000_000_000_000_000; power *= 10)
        {
            foreach (ulong value in new[] { power - 1, power, power + 1, power * 2 - 1, unchecked(power * 9 + power - 1) })
            {
                var writer = new Utf8SpanWriter(new byte[32]);
                writer.AppendDecimal(value);
                Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.ASCII.GetString(writer.Written));
            }
            if (power > ulong.MaxValue / 10)
                break;
        }
    }

    [Theory]
    [InlineData(0UL, 6, "000000")]
    [InlineData(4UL, 6, "000004")]
    [InlineData(321647UL, 6, "321647")]
    [InlineData(1234567UL, 6, "1234567")]
    [InlineData(9UL, 2, "09")]
    [InlineData(ulong.MaxValue, 2, "18446744073709551615")]
    public void ZeroPaddedNumbersHaveAtLeastTheirDigits(ulong value, int digits, string expected)
    {
        var writer = new Utf8SpanWriter(new byte[32]);
        writer.AppendZeroPadded(value, digits);
        Assert.Equal(expected, Encoding.ASCII.GetString(writer.Written));
    }

    [Fact]
    public void ANumberOrPaddingThatDoesNotFitIsNotWrittenInPart()
    {
        var number = new Utf8SpanWriter(new byte[4]);
        number.Append("ab"u8);
        number.AppendDecimal(-123L);
        number.Append((byte)'c');
        Assert.True(number.Overflowed);
        Assert.Equal("ab", Encoding.ASCII.GetString(number.Written));

        var padding = new Utf8SpanWriter(new byte[4]);
        padding.AppendRepeated((byte)' ', 3);
        padding.AppendRepeated((byte)' ', -2);
        padding.AppendRepeated((byte)' ', 2);
        Assert.True(padding.Overflowed);
        Assert.Equal("   ", Encoding.ASCII.GetString(padding.Written));
    }

    [Theory]
    [InlineData(8, "ab\\377")]
    [InlineData(6, "ab\\377")]
    [InlineData(5, "ab")]
    public void PackedBytesAreWrittenWholeOrNotAtAll(int room, string expected)
    {
        var writer = new Utf8SpanWriter(new byte[room]);
        writer.Append("ab"u8);
        writer.AppendPacked(Utf8SpanWriter.Pack("\\377"u8));
        Assert.Equal(expected, Encoding.ASCII.GetString(writer.Written));
        Assert.Equal(room < 6, writer.Overflowed);
    }
}
