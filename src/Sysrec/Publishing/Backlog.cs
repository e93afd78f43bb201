namespace Sysrec.Publishing;

/// <summary>
/// The batches between the recorder and the publisher, oldest first: a bounded queue in memory, then the
/// spool on disk. The recorder only ever appends, to memory or to the local file, so the network never
/// holds it up; once a batch has gone to the spool every later one follows it there until the publisher
/// has emptied it, which keeps the order. A batch leaves only when JetStream has acknowledged it.
/// </summary>
internal sealed class Backlog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Queue<Batch> _queue;
    private readonly Stack<Batch> _free;
    private readonly int _capacity;
    private readonly Spool _spool;
    private readonly SemaphoreSlim _ready = new(0);
    private byte[] _fromSpool;
    private bool _publishingFromSpool;

    public Backlog(Spool spool, int queuedBatches, int batchBytes)
    {
        _spool = spool;
        _capacity = queuedBatches;
        _queue = new Queue<Batch>(queuedBatches);
        _free = new Stack<Batch>(queuedBatches + 1);
        for (int i = 0; i <= queuedBatches; i++)
            _free.Push(new Batch(batchBytes));
        _fromSpool = new byte[batchBytes];
    }

    /// <summary>Records acknowledged by JetStream.</summary>
    public long Published { get; private set; }

    /// <summary>Records that went through the spool in this run.</summary>
    public long Spooled { get; private set; }

    /// <summary>Records thrown away because the spool was full or could not be written.</summary>
    public long Lost { get; private set; }

    /// <summary>Records waiting, in memory and in the spool.</summary>
    public long Waiting
    {
        get
        {
            lock (_lock)
                return _spool.PendingRecords + _queue.Sum(batch => (long)batch.Records);
        }
    }

    /// <summary>Why records were lost, for the end report.</summary>
    public string? LossReason { get; private set; }

    /// <summary>A buffer for the recorder to fill.</summary>
    public Batch Take()
    {
        lock (_lock)
            return _free.Pop();
    }

    /// <summary>Hands over a filled batch and returns the next one to fill. Never waits for the network.</summary>
    public Batch Submit(Batch full)
    {
        lock (_lock)
        {
            if (!_spool.HasPending && _queue.Count < _capacity)
            {
                _queue.Enqueue(full);
                _ready.Release();
                return _free.Pop();
            }
            if (_spool.TryAppend(full.Buffer.AsSpan(0, full.Length), full.Records))
            {
                Spooled += full.Records;
                _ready.Release();
            }
            else
            {
                Lost += full.Records;
                LossReason = _spool.WriteError is { } error ? $"the spool {_spool.Path} could not be written: {error}" : $"the spool {_spool.Path} was full";
            }
            return full;
        }
    }

    /// <summary>The oldest batch not yet acknowledged, which stays in the backlog until <see cref="Acknowledge"/>.</summary>
    public bool TryPeek(out ReadOnlyMemory<byte> batch, out int records)
    {
        lock (_lock)
        {
            if (_queue.TryPeek(out Batch? queued))
            {
                _publishingFromSpool = false;
                batch = queued.Buffer.AsMemory(0, queued.Length);
                records = queued.Records;
                return true;
            }
            if (_spool.HasPending)
            {
                _publishingFromSpool = true;
                batch = _fromSpool.AsMemory(0, _spool.ReadOldest(ref _fromSpool, out records));
                return true;
            }
        }
        batch = default;
        records = 0;
        return false;
    }

    /// <summary>JetStream has the batch <see cref="TryPeek"/> gave: it leaves the backlog.</summary>
    public void Acknowledge(int records)
    {
        lock (_lock)
        {
            if (_publishingFromSpool)
                _spool.RemoveOldest();
            else
                _free.Push(_queue.Dequeue());
            Published += records;
        }
    }

    /// <summary>Waits until a batch may be ready, or the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancel) => _ready.WaitAsync(timeout, cancel);

    /// <summary>At the end of a run: what is still in memory goes to the spool, ahead of what is there, for the next run.</summary>
    public void KeepUnpublished()
    {
        lock (_lock)
        {
            var older = _queue.Select(batch => ((ReadOnlyMemory<byte>)batch.Buffer.AsMemory(0, batch.Length), batch.Records)).ToList();
            long refused = _spool.KeepAhead(older);
            if (refused > 0)
            {
                Lost += refused;
                LossReason = $"the spool {_spool.Path} could not be written: {_spool.WriteError}";
            }
            _queue.Clear();
        }
    }

    public void Dispose()
    {
        _ready.Dispose();
        _spool.Dispose();
    }
}
