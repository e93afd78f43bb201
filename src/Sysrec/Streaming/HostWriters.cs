using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Sysrec.Streaming;

/// <summary>
/// Threads that write the hosts' records into their files, one per core, while the collector's thread
/// takes the next messages. Each part of a host's work always goes to the same thread, so its records stay in order.
/// <see cref="Drain"/> waits until everything handed over is written, and rethrows what failed.
/// </summary>
internal sealed class HostWriters : IDisposable
{
    private readonly BlockingCollection<Action>[] _queues;
    private readonly Thread[] _threads;
    // A plain object: Monitor.Wait, which Drain needs, does not take a Lock.
    private readonly object _lock = new();
    private int _pending;
    private int _assigned;
    private Exception? _failure;

    public HostWriters(int count)
    {
        _queues = [.. Enumerable.Range(0, count).Select(_ => new BlockingCollection<Action>())];
        _threads = [.. _queues.Select(queue => new Thread(() => Run(queue)) { IsBackground = true, Name = "sysrec host writer" })];
        foreach (Thread thread in _threads)
            thread.Start();
    }

    /// <summary>The thread for a host seen for the first time: each in turn, so that hosts spread evenly.</summary>
    public int Assign() => _assigned++ % _queues.Length;

    /// <summary>Another thread than <paramref name="writer"/>, if there is another, for a second part of the same host's work.</summary>
    public int Beside(int writer) => (writer + 1) % _queues.Length;

    /// <summary>Has thread <paramref name="writer"/> do <paramref name="work"/> after what it was given before.</summary>
    public void Post(int writer, Action work)
    {
        lock (_lock)
        {
            if (_failure is not null)
                return;
            _pending++;
        }
        _queues[writer].Add(work);
    }

    /// <summary>Waits until all that was posted is done; rethrows the first failure.</summary>
    public void Drain()
    {
        lock (_lock)
        {
            while (_pending > 0)
                Monitor.Wait(_lock);
            // As it was thrown, so that a failed write is said the way any other is.
            if (_failure is not null)
                ExceptionDispatchInfo.Throw(_failure);
        }
    }

    public void Dispose()
    {
        foreach (BlockingCollection<Action> queue in _queues)
            queue.CompleteAdding();
        foreach (Thread thread in _threads)
            thread.Join();
        foreach (BlockingCollection<Action> queue in _queues)
            queue.Dispose();
    }

    private void Run(BlockingCollection<Action> queue)
    {
        foreach (Action work in queue.GetConsumingEnumerable())
        {
            Exception? failure = null;
            try
            {
                if (Volatile.Read(ref _failure) is null)
                    work();
            }
            catch (Exception e)
            {
                failure = e;
            }
            lock (_lock)
            {
                _failure ??= failure;
                if (--_pending == 0)
                    Monitor.PulseAll(_lock);
            }
        }
    }
}
