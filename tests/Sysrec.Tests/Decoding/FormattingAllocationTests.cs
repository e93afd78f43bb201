using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>The formatters run per record, so formatting a value, once the tables are loaded, allocates nothing.</summary>
public sealed class FormattingAllocationTests
{
    [Fact]
    public void FormattingAllocatesNothing()
    {
        byte[] buffer = new byte[512];
        FormatAll(buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            FormatAll(buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void FormatAll(byte[] buffer)
    {
        var writer = new Utf8SpanWriter(buffer);
        OpenFlagsFormat.Write(ref writer, 0x98800 | 0x40000000);
        MmapFlagsFormat.Write(ref writer, 0x54040022);
        CloneFlagsFormat.Write(ref writer, 0x1200011);
        FutexOperationFormat.Write(ref writer, 0x189);
        FileModeFormat.WriteSymbolic(ref writer, 0x81ED);
        IoctlRequestFormat.Write(ref writer, 0x80085499);
        ConstantSets.EpollEvents.Write(ref writer, 0x80000001);
        ConstantSets.FcntlCommands.Write(ref writer, 0x7777);
        Signals.Write(ref writer, 40);
        Errno.WriteFailure(ref writer, 2);
        Errno.WriteFailure(ref writer, 512);
        Assert.False(writer.Overflowed);
    }
}
