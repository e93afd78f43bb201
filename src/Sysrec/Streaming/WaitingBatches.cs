namespace Sysrec.Streaming;

/// <summary>
/// Batches that came before the batches they follow, per recorder by first sequence number, until the
/// recorder's records reach them. A batch delivered again while it waits replaces the copy waiting.
/// </summary>
internal sealed class WaitingBatches<T>
{
    private readonly Dictionary<RecorderKey, SortedList<ulong, T>> _byRecorder = [];

    public int Count { get; private set; }

    /// <summary>Holds <paramref name="batch"/>; true when it replaces a copy of it already waiting, handed back in <paramref name="replaced"/>.</summary>
    public bool Hold(RecorderKey recorder, ulong firstSequence, T batch, out T replaced)
    {
        if (!_byRecorder.TryGetValue(recorder, out SortedList<ulong, T>? waiting))
            _byRecorder[recorder] = waiting = [];
        if (waiting.TryGetValue(firstSequence, out replaced!))
        {
            waiting[firstSequence] = batch;
            return true;
        }
        waiting.Add(firstSequence, batch);
        Count++;
        return false;
    }

    /// <summary>The waiting batch of <paramref name="recorder"/> that starts at or before <paramref name="nextSequence"/>, taken out; false if none.</summary>
    public bool TryTakeReady(RecorderKey recorder, ulong nextSequence, out T batch)
    {
        batch = default!;
        if (!_byRecorder.TryGetValue(recorder, out SortedList<ulong, T>? waiting) || waiting.Count == 0 || waiting.Keys[0] > nextSequence)
            return false;
        batch = waiting.Values[0];
        waiting.RemoveAt(0);
        if (waiting.Count == 0)
            _byRecorder.Remove(recorder);
        Count--;
        return true;
    }

    /// <summary>Every waiting batch, each recorder's in order, taken out.</summary>
    public List<T> TakeAll()
    {
        List<T> all = [.. _byRecorder.Values.SelectMany(waiting => waiting.Values)];
        _byRecorder.Clear();
        Count = 0;
        return all;
    }
}
