using System.Text;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Tests.Text;

/// <summary>-t, -tt, -ttt: strace's stamps from a monotonic time and the clocks' offset, and the parser passing over them.</summary>
public sealed class WallClockStampTests
{
    // 2026-03-04 05:06:07.089012345 UTC, as a monotonic time of 1000 s plus the offset between the clocks.
    private const long Wall = 1772600767_089012345;
    private const ulong Monotonic = 1000_000000000;

    [Theory]
    [InlineData((int)TimestampStyle.Epoch, "1772600767.089012 ")]
    [InlineData((int)TimestampStyle.Microseconds, "05:06:07.089012 ")]
    [InlineData((int)TimestampStyle.Seconds, "05:06:07 ")]
    public void FormatsAsStraceDoes(int style, string expected)
    {
        var stamp = new WallClockStamp((TimestampStyle)style, Wall - (long)Monotonic);
        Span<byte> buffer = stackalloc byte[WallClockStamp.MaxLength];

        string formatted = Encoding.ASCII.GetString(buffer[..stamp.Format(Monotonic, buffer)]);

        // -t and -tt are local time, as strace's; the test machine's zone may be any.
        string local = DateTimeOffset.FromUnixTimeMilliseconds(Wall / 1_000_000).ToLocalTime().ToString("HH:mm:ss");
        Assert.Equal(style == (int)TimestampStyle.Epoch ? expected : local + expected[8..], formatted);
    }

    [Fact]
    public void EachSecondIsFormattedAfresh()
    {
        var stamp = new WallClockStamp(TimestampStyle.Epoch, 0);
        Span<byte> buffer = stackalloc byte[WallClockStamp.MaxLength];

        Assert.Equal("1.000001 ", Encoding.ASCII.GetString(buffer[..stamp.Format(1_000_001_000, buffer)]));
        Assert.Equal("2.500000 ", Encoding.ASCII.GetString(buffer[..stamp.Format(2_500_000_999, buffer)]));
    }

    [Theory]
    [InlineData("05:06:07 1234:257:bash", 9)]
    [InlineData("05:06:07.089012 1234:257:bash", 16)]
    [InlineData("1772600767.089012 1234:257:bash", 18)]
    [InlineData("1234:257:bash", 0)]
    [InlineData("1234:257:a b", 0)]
    [InlineData("1772600767 1234:257:bash", 0)]        // -ttt always has microseconds
    [InlineData("05:06:07.0890 1234:257:bash", 0)]
    [InlineData("05:06:07 x", 0)]                       // no pid after it
    public void FindsTheStampALineStartsWith(string line, int length) =>
        Assert.Equal(length, WallClockStamp.LengthAt(Encoding.ASCII.GetBytes(line)));

    [Fact]
    public void TheParserPassesOverAStamp()
    {
        Assert.True(TraceLine.TryParse("05:06:07.089012 1234:i386/20:my prog"u8, out uint pid, out SyscallAbi abi, out long id, out ReadOnlySpan<byte> comm, out _));

        Assert.Equal((1234u, SyscallAbi.I386, 20L, "my prog"), (pid, abi, id, Encoding.ASCII.GetString(comm)));
    }
}
