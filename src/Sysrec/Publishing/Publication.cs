using Sysrec.Kernel;
using Sysrec.Streaming;

namespace Sysrec.Publishing;

/// <summary>
/// A recording that goes to a NATS JetStream stream: records are packed into batches on the recording
/// thread, published in the background, and wait in a bounded queue and then the spool file meanwhile.
/// </summary>
internal sealed class Publication : IRecordOutput
{
    // 2,048 records (230 KB) a batch, well under the broker's default 1 MB message limit; 64 batches in memory.
    private const int RecordsPerBatch = 2048;
    private const int QueuedBatches = 64;
    // How long the end of a recording waits for the broker to take what is left before keeping it in the spool.
    private static readonly TimeSpan FinishGrace = TimeSpan.FromSeconds(5);

    private readonly PublishOptions _options;
    private readonly Backlog _backlog;
    private readonly BatchPacker _sink;
    private readonly BatchPublisher _publisher;
    private readonly long _leftByEarlierRun;
    private bool _finished;

    private Publication(PublishOptions options, Backlog backlog, BatchPacker sink, BatchPublisher publisher, long leftByEarlierRun)
    {
        _options = options;
        _backlog = backlog;
        _sink = sink;
        _publisher = publisher;
        _leftByEarlierRun = leftByEarlierRun;
    }

    /// <param name="clocks">The recorder's clocks as it starts, which every batch carries.</param>
    public static Publication Open(PublishOptions options, RecorderClocks clocks, bool withArgs, bool withExit)
    {
        var recorder = new RecorderId(options.Host, BootId.Read(), (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        var spool = Spool.Open(options.SpoolPath, options.SpoolBytes);
        var backlog = new Backlog(spool, QueuedBatches, BatchPacker.BatchBytes(RecordsPerBatch));
        long left = spool.PendingRecords;
        return new Publication(options, backlog, new BatchPacker(backlog, recorder, clocks, withArgs, withExit),
            BatchPublisher.Start(options.Broker, options.Subject, backlog), left);
    }

    public string Name => $"{_options.Subject} on {_options.Broker.Address}"
        + (_leftByEarlierRun > 0 ? $" ({_leftByEarlierRun} records an earlier run left in {_options.SpoolPath} go first)" : "");

    public long Records => _sink.Records;

    /// <summary>There is no echo; but a broker that refuses for good is a reason to stop too, and <see cref="Finish"/> says why.</summary>
    public bool EchoClosed => _publisher.Refusal is not null;

    /// <summary>The stream has no file to keep until the recording begins.</summary>
    public void Begin()
    {
    }

    public void Write(in SyscallRecord record) => _sink.Write(record);

    public void Write(in PathRecord record) => _sink.Write(record);

    public void Flush() => _sink.Flush();

    public string Progress() =>
        $"{_backlog.Published:N0} published, {_backlog.Spooled:N0} spooled, {_backlog.Lost:N0} lost"
        + (_publisher.Problem is { } problem ? $" ({problem})" : "");

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        _sink.Flush();
        _publisher.Finish(FinishGrace);
        _finished = true;
        // Refused for good: the records taken wait in the spool, and the recording fails saying why.
        if (_publisher.Refusal is { } refusal)
            throw Refused(refusal);
        var notes = new List<string>
        {
            $"{_backlog.Published} records published to {_options.Subject} on {_options.Broker.Address}, {_backlog.Spooled} of them went through the spool, {_backlog.Lost} lost",
        };
        long waiting = _backlog.Waiting;
        if (waiting > 0)
            notes.Add($"warning: {waiting} records could not be published{(_publisher.Problem is { } problem ? $" ({problem})" : "")}; "
                + $"they are kept in {_options.SpoolPath} and the next `sysrec record --sink` with that spool publishes them first");
        if (_backlog.Lost > 0)
            notes.Add($"warning: {_backlog.Lost} records were lost because {_backlog.LossReason}. Raise --spool-size, or free some space");
        return ("recorded", notes);
    }

    private SysrecException Refused(BrokerRefusal refusal) =>
        new(ExitCodes.Failure, $"{_options.Subject} on {_options.Broker.Address}: {refusal.Why}. {refusal.Remedy}; "
            + $"the records taken so far are kept in {_options.SpoolPath}, and the next `sysrec record --sink` with that spool publishes them first");

    public void Dispose()
    {
        // A recording that failed still keeps what it took, in the spool for the next run.
        if (!_finished)
        {
            _sink.Flush();
            _publisher.Finish(TimeSpan.Zero);
        }
        _backlog.Dispose();
    }
}
