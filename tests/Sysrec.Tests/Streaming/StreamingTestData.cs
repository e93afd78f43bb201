using Sysrec.Kernel;
using Sysrec.Publishing;
using Sysrec.Streaming;

namespace Sysrec.Tests.Streaming;

/// <summary>Records and batches made by the product's own sink, as a recorder would publish them.</summary>
internal static class StreamingTestData
{
    public static readonly RecorderId Recorder = new("host-1", Guid.Parse("0b5e7c1d-2f3a-4b5c-8d9e-0f1a2b3c4d5e"), 1_700_000_000_000_000_000);

    /// <summary>The recorder's clocks: its CLOCK_MONOTONIC 5 s after boot when CLOCK_REALTIME said 1,700,000,000 s.</summary>
    public static readonly RecorderClocks Clock = new(5_000_000_000, 1_700_000_000_000_000_000);

    public static long ClockOffsetNs => (long)(Clock.RealtimeNs - Clock.MonotonicNs);

    public static SyscallRecord Record(uint pid, long syscall, string comm = "app", ulong timestamp = 0)
    {
        var record = new SyscallRecord
        {
            Pid = pid, Tid = pid, SyscallId = syscall, TimestampNs = timestamp, Ret = -2, DurationNs = 7,
            Uid = 1000 + pid, Gid = 2000 + pid, CgroupId = 0x1_0000_0000 + (ulong)syscall,
        };
        System.Text.Encoding.ASCII.GetBytes(comm).CopyTo(record.Comm);
        for (int i = 0; i < 6; i++)
            record.Args[i] = (ulong)(i + 1) * 1000 + (ulong)syscall;
        return record;
    }

    /// <summary>The batches a sink hands over for these records, flushed every <paramref name="perBatch"/>.</summary>
    public static List<byte[]> Batches(IEnumerable<SyscallRecord> records, int perBatch, bool withExit = true, RecorderId? recorder = null)
    {
        using var dir = new Integration.TempDirectory();
        using var backlog = new Backlog(Spool.Open(dir.File("spool"), 1 << 30), queuedBatches: 1 << 12, BatchPacker.BatchBytes(perBatch));
        var sink = new BatchPacker(backlog, recorder ?? Recorder, Clock, withArgs: true, withExit);
        int written = 0;
        foreach (SyscallRecord record in records)
        {
            sink.Write(record);
            if (++written % perBatch == 0)
                sink.Flush();
        }
        sink.Flush();
        var batches = new List<byte[]>();
        while (backlog.TryPeek(out ReadOnlyMemory<byte> batch, out int count))
        {
            batches.Add(batch.ToArray());
            backlog.Acknowledge(count);
        }
        return batches;
    }
}
