using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>The capture payloads read from bytes laid out by hand as the comment on CaptureKind says, offset by offset.</summary>
public sealed class CaptureSetTests
{
    [Fact]
    public void ItemsStartAtMultiplesOfEightAndAreFoundByArgumentAndElement()
    {
        byte[] items =
        [
            // argument 1, String, TRUNCATED, element 0, length 3, full 3, "abc", 0s to 16.
            1, 1, 2, 0, 3, 0, 0, 0, 3, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', 0,
            // argument 0, Bytes, element 1, length 4, full 9, four bytes: the header at 16, the payload at 28.
            0, 2, 0, 1, 4, 0, 0, 0, 9, 0, 0, 0, 1, 2, 3, 4,
            // the return value, FdTarget, UNREADABLE, no payload.
            6, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        var set = new CaptureSet(items);

        Assert.True(set.TryGet(1, out Capture text));
        Assert.Equal((CaptureKind.String, true, 3u), (text.Kind, text.Truncated, text.FullLength));
        Assert.Equal("abc"u8.ToArray(), text.Data.ToArray());
        Assert.False(set.TryGet(0, out _));
        Assert.True(set.TryGet(0, 1, out Capture bytes));
        Assert.Equal((CaptureKind.Bytes, false, 9u), (bytes.Kind, bytes.Truncated, bytes.FullLength));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, bytes.Data.ToArray());
        Assert.True(set.TryGet(CaptureSet.ReturnValue, out Capture fd) && fd.Unreadable && fd.Data.IsEmpty);
    }

    [Fact]
    public void AnItemRunningPastTheEndEndsTheSetAndKeepsThoseBefore()
    {
        byte[] items =
        [
            2, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0,
            3, 2, 0, 0, 200, 0, 0, 0, 200, 0, 0, 0, 1, 2,
        ];
        var set = new CaptureSet(items);
        Assert.True(set.TryGet(2, out Capture kept) && kept.Data[0] == 7);
        Assert.False(set.TryGet(3, out _));
    }

    [Fact]
    public void AnInetFdTargetHasItsEndsAtTheirOffsets()
    {
        var payload = new byte[60];
        BitConverter.GetBytes(1434109UL).CopyTo(payload, 0);
        BitConverter.GetBytes(0xc1ffu).CopyTo(payload, 8);
        BitConverter.GetBytes((ushort)2).CopyTo(payload, 16);
        BitConverter.GetBytes((ushort)1).CopyTo(payload, 18);
        BitConverter.GetBytes((ushort)6).CopyTo(payload, 20);
        new byte[] { 127, 0, 0, 1 }.CopyTo(payload, 24);
        new byte[] { 10, 0, 0, 2 }.CopyTo(payload, 40);
        BitConverter.GetBytes((ushort)42491).CopyTo(payload, 56);
        BitConverter.GetBytes((ushort)80).CopyTo(payload, 58);
        byte[] item = [6, 8, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, .. payload];
        Assert.True(new CaptureSet(item).TryGet(CaptureSet.ReturnValue, out Capture capture));

        FdTarget target = FdTarget.Read(capture)!;
        var writer = new Utf8SpanWriter(new byte[128]);
        SocketText.Write(ref writer, target);
        Assert.Equal("TCP:[127.0.0.1:42491->10.0.0.2:80]", System.Text.Encoding.ASCII.GetString(writer.Written));
    }

    [Fact]
    public void AUnixFdTargetHasItsPeerAndItsPath()
    {
        var payload = new byte[24 + 10 + 5];
        BitConverter.GetBytes(5UL).CopyTo(payload, 0);
        BitConverter.GetBytes((ushort)1).CopyTo(payload, 16);
        BitConverter.GetBytes((ushort)1).CopyTo(payload, 18);
        BitConverter.GetBytes(6UL).CopyTo(payload, 24);
        BitConverter.GetBytes((ushort)5).CopyTo(payload, 32);
        "\0sock"u8.CopyTo(payload.AsSpan(34));
        byte[] item = [0, 8, 0, 0, (byte)payload.Length, 0, 0, 0, (byte)payload.Length, 0, 0, 0, .. payload];
        Assert.True(new CaptureSet(item).TryGet(0, out Capture capture));

        var writer = new Utf8SpanWriter(new byte[128]);
        SocketText.Write(ref writer, FdTarget.Read(capture)!);
        Assert.Equal("UNIX-STREAM:[5->6,@\"sock\"]", System.Text.Encoding.ASCII.GetString(writer.Written));
    }
}
