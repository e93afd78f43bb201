using Sysrec.Streaming;
using Sysrec.Kernel;
using static Sysrec.Tests.Streaming.StreamingTestData;

namespace Sysrec.Tests.Streaming;

public sealed class RecordBatchTests
{
    [Fact]
    public void ABatchCarriesEveryFieldOfItsRecordsAndWhoMadeThem()
    {
        SyscallRecord[] records = [Record(10, 1, "one", 111), Record(11, 2, "two\\x", 222), Record(12, 3, "fifteen-chars-x", 333)];
        byte[] batch = Assert.Single(Batches(records, perBatch: 8));

        Assert.True(RecordBatch.TryRead(batch, out RecordBatch.Header header, out _));
        Assert.Equal(Recorder, header.Recorder);
        Assert.Equal((0UL, 3), (header.FirstSequence, header.Count));
        Assert.Equal(RecordBatch.ArgsFlag | RecordBatch.ExitFlag, header.Flags);
        for (int i = 0; i < records.Length; i++)
        {
            SyscallRecord read = RecordBatch.ReadRecord(batch, header, i);
            Assert.Equal((records[i].Pid, records[i].Tid, records[i].SyscallId, records[i].TimestampNs, records[i].Ret, records[i].DurationNs),
                (read.Pid, read.Tid, read.SyscallId, read.TimestampNs, read.Ret, read.DurationNs));
            Assert.Equal(((ReadOnlySpan<byte>)records[i].Comm).ToArray(), ((ReadOnlySpan<byte>)read.Comm).ToArray());
            Assert.Equal(((ReadOnlySpan<ulong>)records[i].Args).ToArray(), ((ReadOnlySpan<ulong>)read.Args).ToArray());
        }
    }

    [Fact]
    public void RecordsAreNumberedAcrossBatchesAndEachBatchHasItsOwnMessageId()
    {
        List<byte[]> batches = Batches(Enumerable.Range(0, 10).Select(i => Record(1, i)), perBatch: 4);

        Assert.Equal([(0UL, 4), (4UL, 4), (8UL, 2)], batches.Select(batch =>
        {
            Assert.True(RecordBatch.TryRead(batch, out RecordBatch.Header header, out _));
            return (header.FirstSequence, header.Count);
        }));
        Assert.Equal(3, batches.Select(batch => RecordBatch.MessageId(batch)).Distinct().Count());
    }

    [Fact]
    public void WithoutExitTheReturnIsNotSent()
    {
        byte[] batch = Assert.Single(Batches([Record(1, 1)], perBatch: 4, withExit: false));

        Assert.True(RecordBatch.TryRead(batch, out RecordBatch.Header header, out _));
        Assert.Equal(RecordBatch.ArgsFlag, header.Flags);
        Assert.Equal((0L, 0UL), (RecordBatch.ReadRecord(batch, header, 0).Ret, RecordBatch.ReadRecord(batch, header, 0).DurationNs));
    }

    [Theory]
    [InlineData("not a batch at all, but long enough to have a header's worth of bytes")]
    [InlineData("")]
    public void SomethingElseIsNotABatch(string message)
    {
        Assert.False(RecordBatch.TryRead(System.Text.Encoding.ASCII.GetBytes(message), out _, out string error));
        Assert.Equal("not a sysrec record batch", error);
    }

    [Fact]
    public void ATruncatedBatchOrABadHostIsRefused()
    {
        byte[] batch = Assert.Single(Batches([Record(1, 1), Record(1, 2)], perBatch: 4));

        Assert.False(RecordBatch.TryRead(batch.AsSpan(0, batch.Length - 1), out _, out string error));
        Assert.Equal("a record batch whose lengths do not add up", error);
        batch[48] = (byte)'/';
        Assert.False(RecordBatch.TryRead(batch, out _, out error));
        Assert.Equal("a record batch with an invalid host name", error);
    }

    [Theory]
    [InlineData("web-01.example.org", true)]
    [InlineData("h_2", true)]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData("-rf", false)]
    [InlineData("a/b", false)]
    [InlineData("héte", false)]
    public void HostNamesAreSafeDirectoryNames(string name, bool valid) => Assert.Equal(valid, HostName.IsValid(name));
}
