using System.Text;
using Sysrec.Kernel;
using Sysrec.Streaming;

namespace Sysrec.Publishing;

/// <summary>
/// Packs records into batches (<see cref="RecordBatch"/>) as the ring buffer hands them over, numbering
/// them in order, and passes each full batch, or whatever there is at a flush, to the backlog. Nothing
/// here allocates or waits for the network.
/// </summary>
internal sealed class BatchPacker : IRecordSink
{
    private readonly Backlog _backlog;
    private readonly RecorderId _recorder;
    private readonly RecorderClocks _clock;
    private readonly byte[] _host;
    private readonly byte _flags;
    private readonly int _headerLength;
    private Batch _batch;
    private ulong _nextSequence;

    /// <param name="clock">The recorder's clocks as it started, which every batch carries.</param>
    public BatchPacker(Backlog backlog, RecorderId recorder, RecorderClocks clock, bool withArgs, bool withExit)
    {
        _backlog = backlog;
        _recorder = recorder;
        _clock = clock;
        _host = Encoding.ASCII.GetBytes(recorder.Host);
        _flags = (byte)((withArgs ? RecordBatch.ArgsFlag : 0) | (withExit ? RecordBatch.ExitFlag : 0));
        _headerLength = RecordBatch.HeaderLength(recorder.Host);
        _batch = backlog.Take();
        _batch.Length = _headerLength;
    }

    /// <summary>Records taken from the ring buffer.</summary>
    public long Records => (long)_nextSequence + _batch.Records;

    /// <summary>The largest batch: a header and this many records.</summary>
    public static int BatchBytes(int records) => RecordBatch.HeaderLength(new string('x', RecordBatch.MaxHostLength)) + records * RecordBatch.RecordLength;

    /// <remarks>
    /// The batch format has no place for paths, and --sink asks for neither paths nor exec events (both
    /// are jsonl's): a record with paths goes as its call.
    /// </remarks>
    public void Write(in PathRecord record) => Write(in record.Call);

    public void Write(in SyscallRecord record)
    {
        if (_batch.Buffer.Length - _batch.Length < RecordBatch.RecordLength)
            Flush();
        RecordBatch.WriteRecord(_batch.Buffer.AsSpan(_batch.Length), record, _flags);
        _batch.Length += RecordBatch.RecordLength;
        _batch.Records++;
    }

    /// <summary>Hands the records gathered so far over as one batch.</summary>
    public void Flush()
    {
        if (_batch.Records == 0)
            return;
        RecordBatch.WriteHeader(_batch.Buffer, _recorder, _clock, _flags, _nextSequence, _batch.Records, _host);
        _nextSequence += (ulong)_batch.Records;
        _batch = _backlog.Submit(_batch);
        _batch.Length = _headerLength;
        _batch.Records = 0;
    }
}
