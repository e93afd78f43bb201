using Sysrec.Collecting;
using Sysrec.Streaming;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Streaming.StreamingTestData;

namespace Sysrec.Tests.Streaming;

/// <summary>collect's state file: what a later collect needs to go on with each host's recording.</summary>
public sealed class CollectStateTests : IDisposable
{
    private static readonly HostSubjects Subjects = HostSubjects.Parse("--filter", HostSubjects.Default);
    private static readonly RecorderId OtherHost = new("host-2", Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), 1_700_000_000_000_000_001);

    private readonly TempDirectory _dir = new();

    private string Dataset => _dir.File("dataset");

    private string State => Path.Combine(Dataset, ".sysrec-collect");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheStateSaysOfEachHostWhetherItsJsonlCarriesReturns()
    {
        Collect(Batches([Record(7, 1), Record(7, 2)], perBatch: 2, withExit: true), Batches([Record(8, 3)], perBatch: 1, withExit: false, OtherHost));

        string[] state = File.ReadAllLines(State);
        Assert.Equal("sysrec-collect 2", state[0]);
        Assert.Equal($"host host-1 {Length("host-1", "trace.log")} {Length("host-1", "trace.jsonl")} 1", state[1]);
        Assert.Equal($"host host-2 {Length("host-2", "trace.log")} {Length("host-2", "trace.jsonl")} 0", state[2]);

        // Later records without returns still have the fields, null, as the host's first lines have them.
        Collect(Batches([Record(7, 1), Record(7, 2), Record(7, 3)], perBatch: 2, withExit: false).Skip(1));
        Assert.EndsWith(",\"ret\":null,\"dur_ns\":null}", File.ReadLines(Path.Combine(Dataset, "host-1", "trace.jsonl")).Last());
    }

    [Fact]
    public void AStateOfTheFirstVersionIsReadItsRecordingsFirstLinesSayingWhetherTheyCarryReturns()
    {
        Collect(Batches([Record(7, 1), Record(7, 2)], perBatch: 2, withExit: true));
        // As the first version wrote it: no word on returns.
        File.WriteAllLines(State, File.ReadAllLines(State)
            .Select(line => line == "sysrec-collect 2" ? "sysrec-collect 1" : line.StartsWith("host ", StringComparison.Ordinal) ? line[..line.LastIndexOf(' ')] : line));

        Collect(Batches([Record(7, 1), Record(7, 2), Record(7, 3)], perBatch: 2, withExit: false).Skip(1));

        string[] jsonl = [.. JsonlTrace.SyscallLines(Path.Combine(Dataset, "host-1", "trace.jsonl"))];
        Assert.Equal(3, jsonl.Length);
        Assert.EndsWith(",\"ret\":null,\"dur_ns\":null}", jsonl[2]);
        Assert.EndsWith(" 1", File.ReadAllLines(State)[1]);
    }

    private void Collect(params IEnumerable<byte[]>[] batches)
    {
        using CollectedDataset dataset = CollectedDataset.Open(Dataset, Subjects);
        foreach (byte[] batch in batches.SelectMany(host => host))
        {
            Assert.True(RecordBatch.TryRead(batch, out RecordBatch.Header header, out _));
            Assert.Equal(BatchFate.Kept, dataset.Add($"sysrec.{header.Recorder.Host}", batch, acceptGap: false, out _, out _));
        }
        dataset.Finish();
    }

    private long Length(string host, string file) => new FileInfo(Path.Combine(Dataset, host, file)).Length;
}
