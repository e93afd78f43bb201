using Sysrec.Publishing;
using Sysrec.Streaming;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Streaming.StreamingTestData;

namespace Sysrec.Tests.Streaming;

/// <summary>The recorder's side of the stream: batches queue in memory, spill to the spool, and come out in order.</summary>
public sealed class BacklogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WhenTheQueueIsFullBatchesSpillToTheSpoolAndStillComeOutInOrder()
    {
        using var backlog = new Backlog(Spool.Open(_dir.File("spool"), 1 << 20), queuedBatches: 2, BatchPacker.BatchBytes(4));
        var sink = new BatchPacker(backlog, Recorder, Clock, withArgs: true, withExit: false);
        for (int i = 0; i < 20; i++)
        {
            sink.Write(Record(1, i));
            if (i % 4 == 3)
                sink.Flush();
        }

        Assert.Equal(12, backlog.Spooled);
        Assert.Equal(20, backlog.Waiting);
        // A batch the publisher takes while others still wait in the spool: later ones keep following them there.
        Assert.Equal([0UL], FirstSequences(backlog, 1));
        sink.Write(Record(1, 20));
        sink.Flush();
        Assert.Equal(13, backlog.Spooled);
        Assert.Equal([4UL, 8UL, 12UL, 16UL, 20UL], FirstSequences(backlog, 10));
        Assert.Equal(21, backlog.Published);
        Assert.Equal(0, backlog.Lost);
    }

    [Fact]
    public void BatchesThatFitNowhereAreCountedAsLostWithTheReason()
    {
        string spool = _dir.File("spool");
        using var backlog = new Backlog(Spool.Open(spool, 16 + 8 + BatchPacker.BatchBytes(4)), queuedBatches: 1, BatchPacker.BatchBytes(4));
        var sink = new BatchPacker(backlog, Recorder, Clock, withArgs: true, withExit: false);
        for (int i = 0; i < 12; i++)
        {
            sink.Write(Record(1, i));
            if (i % 4 == 3)
                sink.Flush();
        }

        Assert.Equal((4L, 4L, 8L), (backlog.Spooled, backlog.Lost, backlog.Waiting));
        Assert.Equal($"the spool {spool} was full", backlog.LossReason);
    }

    [Fact]
    public void UnpublishedBatchesInMemoryAreKeptAheadOfTheSpoolForTheNextRun()
    {
        string spool = _dir.File("spool");
        using (var backlog = new Backlog(Spool.Open(spool, 1 << 20), queuedBatches: 2, BatchPacker.BatchBytes(2)))
        {
            var sink = new BatchPacker(backlog, Recorder, Clock, withArgs: true, withExit: false);
            for (int i = 0; i < 8; i++)
            {
                sink.Write(Record(1, i));
                if (i % 2 == 1)
                    sink.Flush();
            }
            backlog.KeepUnpublished();
        }

        using var next = new Backlog(Spool.Open(spool, 1 << 20), queuedBatches: 2, BatchPacker.BatchBytes(2));
        Assert.Equal(8, next.Waiting);
        Assert.Equal([0UL, 2UL, 4UL, 6UL], FirstSequences(next, 10));
    }

    [Fact]
    public void TakingRecordsAllocatesNothingWhetherBatchesQueueOrSpill()
    {
        using var backlog = new Backlog(Spool.Open(_dir.File("spool"), 1L << 30), queuedBatches: 4, BatchPacker.BatchBytes(64));
        var sink = new BatchPacker(backlog, Recorder, Clock, withArgs: true, withExit: true);
        var record = Record(42, 110, "getppid");
        void Take(int records)
        {
            for (int i = 0; i < records; i++)
            {
                sink.Write(record);
                if (i % 100 == 99)
                    sink.Flush();
            }
        }
        Take(1000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Take(100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(backlog.Spooled > 90_000, "the batches did not spill to the spool");
    }

    private static List<ulong> FirstSequences(Backlog backlog, int most)
    {
        var sequences = new List<ulong>();
        while (sequences.Count < most && backlog.TryPeek(out ReadOnlyMemory<byte> batch, out int records))
        {
            Assert.True(RecordBatch.TryRead(batch.Span, out RecordBatch.Header header, out _));
            sequences.Add(header.FirstSequence);
            backlog.Acknowledge(records);
        }
        return sequences;
    }
}
