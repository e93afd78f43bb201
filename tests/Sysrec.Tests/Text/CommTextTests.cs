using System.Text;
using FsCheck.Xunit;
using Sysrec.Tests.Splitting;
using Sysrec.Trace;

namespace Sysrec.Tests.Text;

public sealed class CommTextTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'l', (byte)'s' }, false, "ls")]
    [InlineData(new byte[] { (byte)'a', (byte)' ', (byte)'b' }, false, "a b")]
    [InlineData(new byte[] { (byte)'a', (byte)' ', (byte)'b' }, true, "a\\x20b")]
    [InlineData(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xC3, 0xA9 }, false, "caf\u00e9")]
    [InlineData(new byte[] { (byte)'x', 0xC3, (byte)'y' }, false, "x\\xc3y")]
    [InlineData(new byte[] { 0xFF, 0xFE }, false, "\\xff\\xfe")]
    [InlineData(new byte[] { (byte)'\\', (byte)'n', 0x0A, 0x7F, 0x01 }, false, "\\\\n\\x0a\\x7f\\x01")]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80, (byte)',', (byte)'"' }, false, "\U0001F600,\"")]
    public void KeepsValidUtf8AndEscapesTheRest(byte[] comm, bool escapeSpace, string expected)
    {
        Assert.Equal(expected, CommText.Escape(comm, escapeSpace));
    }

    [Property(MaxTest = 500)]
    public void EveryByteStringComesBackAndTheTextIsValidUtf8WithoutLineBreaks(byte[] comm, bool escapeSpace)
    {
        string text = CommText.Escape(comm, escapeSpace);

        Assert.Equal(comm, ManifestCsv.Unescape(text));
        Assert.Equal(text, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Encoding.UTF8.GetBytes(text)));
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\r', text);
        Assert.False(escapeSpace && text.Contains(' '), "a space left in a space-separated field");
    }

    [Fact]
    public void EveryByteSurvivesTheTextLinesEscapeAndUnescape()
    {
        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var escaped = new byte[all.Length * 4];
        int length = CommText.ForTextLine(all, escaped);
        Assert.DoesNotContain((byte)'\n', escaped[..length]);

        var back = new byte[length];
        Assert.True(CommText.TryUnescape(escaped.AsSpan(0, length), back, out int restored));
        Assert.Equal(all, back[..restored]);
    }

    [Theory]
    [InlineData("a\\")]
    [InlineData("a\\x4")]
    [InlineData("a\\xZZ")]
    [InlineData("a\\n")]
    public void RejectsABrokenEscape(string escaped)
    {
        Assert.False(CommText.TryUnescape(Encoding.ASCII.GetBytes(escaped), new byte[16], out _));
    }

    [Fact]
    public void TheTerminalGetsNoControlCharacterNotEvenAC1One()
    {
        Assert.Equal("caf\u00e9 \\x1b[2J ?[2J", CommText.ForTerminal([.. Encoding.UTF8.GetBytes("caf\u00e9 \u001b[2J \u009b[2J")]));
    }

    [Fact]
    public void AFileNameEscapeIsPercentAndCapitalHex()
    {
        var name = new StringBuilder();
        CommText.AppendPercentEncoded(name, 0x2F);
        CommText.AppendPercentEncoded(name, 0xE9);

        Assert.Equal("%2F%E9", name.ToString());
    }
}
