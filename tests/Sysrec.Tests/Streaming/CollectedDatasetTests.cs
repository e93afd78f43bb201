using Sysrec.Collecting;
using Sysrec.Streaming;
using Sysrec.Syscalls;
using Sysrec.Tests.Export;
using Sysrec.Tests.Integration;
using Sysrec.Tests.Splitting;
using Sysrec.Trace;
using Sysrec.Kernel;
using static Sysrec.Tests.Streaming.StreamingTestData;

namespace Sysrec.Tests.Streaming;

/// <summary>collect's dataset without a broker: batches as the stream delivers them, at least once.</summary>
public sealed class CollectedDatasetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static readonly HostSubjects Subjects = HostSubjects.Parse("--filter", HostSubjects.Default);

    private string Dataset => _dir.File("dataset");

    /// <summary>Adds a batch as it comes on its host's own subject.</summary>
    private static BatchFate Add(CollectedDataset dataset, byte[] batch, string? subject = null)
    {
        Assert.True(RecordBatch.TryRead(batch, out RecordBatch.Header header, out _));
        return dataset.Add(subject ?? $"sysrec.{header.Recorder.Host}", batch, acceptGap: false, out _, out _);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EachRecordIsKeptOnceHoweverOftenItsBatchArrives()
    {
        List<byte[]> batches = Batches(Enumerable.Range(0, 10).Select(i => Record(7, i, "app", (ulong)i)), perBatch: 4);

        CollectSummary summary;
        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            foreach (byte[] batch in new[] { batches[0], batches[1], batches[0], batches[1], batches[2], batches[2] })
                Assert.Equal(BatchFate.Kept, Add(dataset, batch));
            summary = dataset.Finish();
        }

        Assert.Equal((6L, 10L, 10L, 0L), (summary.Messages, summary.Records, summary.Duplicates, summary.Malformed));
        Assert.Equal(["host-1"], summary.Hosts);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"7:{i}:app"), File.ReadLines(Path.Combine(Dataset, "host-1", "trace.log")));
        Assert.Equal("0 1 2 3 4 5 6 7 8 9\n", File.ReadAllText(Path.Combine(Dataset, "host-1", "app:7.log")));
        Assert.Equal(10, JsonlTrace.SyscallLines(Path.Combine(Dataset, "host-1", "trace.jsonl")).Count());
    }

    [Fact]
    public void EachHostGetsTheManifestAndParquetTableOfTheRecordsGivenInThePublishersUnixTime()
    {
        List<SyscallRecord> given = [.. Enumerable.Range(0, 10).Select(i => Record(7, i, "app", (ulong)i))];
        List<byte[]> batches = Batches(given, perBatch: 4);
        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            foreach (byte[] batch in batches)
                Assert.Equal(BatchFate.Kept, Add(dataset, batch));
            dataset.Finish();
        }

        string host = Path.Combine(Dataset, "host-1");
        ManifestRow row = Assert.Single(ManifestCsv.Read(Path.Combine(host, "manifest.csv")).Rows);
        Assert.Equal(("app:7.log", "app", 7u, 10L), (row.File, System.Text.Encoding.ASCII.GetString(row.Comm), row.Id, row.Calls));
        Assert.Equal((0UL, 9UL), (row.FirstTsNs, row.LastTsNs));
        // Read with hyparquet, written apart from the Parquet.Net that wrote the table. The Unix times are
        // by the recorder's clocks, which its batches carry: not the collector's, another machine's.
        Assert.Equal(given.Select(r => new ExportedRow((long)r.TimestampNs, r.Pid, r.Tid, "app", JsonLine.NativeAbi, r.SyscallId,
                SyscallTable.Name(SyscallAbi.Native, r.SyscallId), string.Join(',', Enumerable.Range(0, 6).Select(a => (long)r.Args[a])), r.Ret, (long)r.DurationNs,
                TimeUnixNs: (long)r.TimestampNs + ClockOffsetNs, Uid: r.Uid, Gid: r.Gid, CgroupId: (long)r.CgroupId)),
            ExportedRow.ReadWithHyparquet(Path.Combine(host, "trace.parquet")).Rows);
        // The jsonl recording starts with them, as one made on the host does, once.
        string jsonl = File.ReadAllText(Path.Combine(host, "trace.jsonl"));
        Assert.Equal([(Clock.MonotonicNs, Clock.RealtimeNs)], JsonlTrace.Clocks(jsonl));
        Assert.Contains("\"event\":\"clock\"", jsonl.Split('\n')[0]);
    }

    [Fact]
    public void ALaterCollectGoesOnAndRecognisesWhatTheFirstKept()
    {
        List<byte[]> batches = Batches(Enumerable.Range(0, 6).Select(i => Record(7, i)), perBatch: 3);
        using (CollectedDataset first = CollectedDataset.Open(Dataset, Subjects))
        {
            Add(first, batches[0]);
            first.Finish();
        }

        CollectSummary summary;
        using (CollectedDataset second = CollectedDataset.Open(Dataset, Subjects))
        {
            Add(second, batches[0]);
            Add(second, batches[1]);
            summary = second.Finish();
        }

        Assert.Equal((3L, 3L), (summary.Records, summary.Duplicates));
        Assert.Equal("0 1 2 3 4 5\n", File.ReadAllText(Path.Combine(Dataset, "host-1", "app:7.log")));
        // The table made again from the recording has the recorder's Unix times, from its clock events.
        Assert.All(ExportedRow.ReadWithHyparquet(Path.Combine(Dataset, "host-1", "trace.parquet")).Rows,
            row => Assert.Equal(row.TsNs + ClockOffsetNs, row.TimeUnixNs));
    }

    [Fact]
    public void WhatACollectWroteButDidNotCommitIsWrittenAgainNotTwice()
    {
        List<byte[]> batches = Batches(Enumerable.Range(0, 6).Select(i => Record(7, i)), perBatch: 3);
        using (CollectedDataset first = CollectedDataset.Open(Dataset, Subjects))
        {
            Add(first, batches[0]);
            first.Commit();
            // Dies after writing the second batch, before its commit: the broker will send it again.
            Add(first, batches[1]);
        }

        using (CollectedDataset second = CollectedDataset.Open(Dataset, Subjects))
        {
            Add(second, batches[1]);
            second.Finish();
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"7:{i}:app"), File.ReadLines(Path.Combine(Dataset, "host-1", "trace.log")));
    }

    [Fact]
    public void RecordersAreToldApartAndHostsGetTheirOwnDirectories()
    {
        var otherRun = Recorder with { StartNs = Recorder.StartNs + 1 };
        var otherHost = Recorder with { Host = "host-2", BootId = Guid.NewGuid() };
        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            Add(dataset, Batches([Record(1, 1)], 4)[0]);
            Add(dataset, Batches([Record(2, 2)], 4, recorder: otherRun)[0]);
            Add(dataset, Batches([Record(3, 3)], 4, recorder: otherHost)[0]);
            Assert.Equal(BatchFate.NotABatch, dataset.Add("sysrec.host-1", "hello"u8.ToArray(), acceptGap: false, out _, out _));
            CollectSummary summary = dataset.Finish();
            Assert.Equal((3L, 0L, 1L), (summary.Records, summary.Duplicates, summary.Malformed));
        }

        Assert.Equal(["1:1:app", "2:2:app"], File.ReadLines(Path.Combine(Dataset, "host-1", "trace.log")));
        Assert.Equal(["3:3:app"], File.ReadLines(Path.Combine(Dataset, "host-2", "trace.log")));
    }

    [Fact]
    public void ABatchWhoseRecordsNameAnotherHostThanItsSubjectIsLeftOutAndCounted()
    {
        var forged = Recorder with { Host = "host-2" };
        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            Assert.Equal(BatchFate.Kept, Add(dataset, Batches([Record(1, 1)], 4)[0]));
            Assert.Equal(BatchFate.WrongHost, Add(dataset, Batches([Record(2, 2)], 4, recorder: forged)[0], subject: "sysrec.host-1"));
            // A dotted host cannot pass for the host its name ends with.
            Assert.Equal(BatchFate.WrongHost, Add(dataset, Batches([Record(3, 3)], 4, recorder: forged)[0], subject: "sysrec.a.host-2"));
            CollectSummary summary = dataset.Finish();
            Assert.Equal((1L, 2L, "records of host-2 on sysrec.host-1"), (summary.Records, summary.WrongHost, summary.FirstWrongHost));
            Assert.Equal(["host-1"], summary.Hosts);
        }

        Assert.Equal(["1:1:app"], File.ReadLines(Path.Combine(Dataset, "host-1", "trace.log")));
        Assert.False(Directory.Exists(Path.Combine(Dataset, "host-2")));
    }

    [Fact]
    public void ABatchThatOvertookTheOneBeforeItWaitsForItOrGoesInAfterACountedGap()
    {
        List<byte[]> batches = Batches(Enumerable.Range(0, 15).Select(i => Record(7, i)), perBatch: 3);
        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            Assert.Equal(BatchFate.Kept, Add(dataset, batches[0]));
            Assert.Equal(BatchFate.Later, Add(dataset, batches[2]));
            Assert.Equal(BatchFate.Kept, Add(dataset, batches[1]));
            Assert.Equal(BatchFate.Kept, Add(dataset, batches[2]));
            CollectSummary summary = dataset.Finish();
            Assert.Equal((9L, 0L, 0L), (summary.Records, summary.Duplicates, summary.Missing));
        }
        Assert.Equal("0 1 2 3 4 5 6 7 8\n", File.ReadAllText(Path.Combine(Dataset, "host-1", "app:7.log")));

        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            Assert.Equal(BatchFate.Later, Add(dataset, batches[4]));
            Assert.Equal(BatchFate.Kept, dataset.Add("sysrec.host-1", batches[4], acceptGap: true, out _, out _));
            Assert.Equal(3L, dataset.Finish().Missing);
        }
        Assert.Equal("0 1 2 3 4 5 6 7 8 12 13 14\n", File.ReadAllText(Path.Combine(Dataset, "host-1", "app:7.log")));
    }

    [Fact]
    public void TheStateIsTheOwnersAloneAndALinkInItsPlaceIsRefused()
    {
        using (CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects))
        {
            Add(dataset, Batches([Record(1, 1)], 4)[0]);
            dataset.Finish();
        }
        string state = Path.Combine(Dataset, ".sysrec-collect");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Dataset, "host-1", "trace.jsonl")));

        File.Move(state, _dir.File("decoy"));
        File.CreateSymbolicLink(state, _dir.File("decoy"));
        var error = Assert.Throws<SysrecException>(() => CollectedDataset.Open(Dataset, Subjects));
        Assert.Equal($"cannot write {state}: it is a symbolic link, and sysrec does not write through links. Choose another directory with -d DIR", error.Message);
    }
}
