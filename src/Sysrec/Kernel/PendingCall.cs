using System.Numerics;
using Sysrec.Decoding;

namespace Sysrec.Kernel;

/// <summary>
/// One thread's call between its enter and its exit record, for <see cref="CallPairing"/>: a copy of the
/// enter record (the ring's space is given back before the exit comes), and the signals that came for
/// the thread meanwhile, which it takes on its way back from the call. Kept for the thread's life and
/// reused for its every call.
/// </summary>
internal sealed class PendingCall
{
    private byte[] _record = new byte[512];
    private int _length;
    private List<SignalDelivery>? _signals;

    /// <summary>The thread, set when the state is given to one.</summary>
    public int Tid { get; set; }

    /// <summary>The thread is inside the call held.</summary>
    public bool Active { get; private set; }

    public ReadOnlySpan<byte> Enter => _record.AsSpan(0, _length);

    public void Hold(ReadOnlySpan<byte> enter)
    {
        if (enter.Length > _record.Length)
            _record = new byte[BitOperations.RoundUpToPowerOf2((uint)enter.Length)];
        enter.CopyTo(_record);
        _length = enter.Length;
        Active = true;
    }

    public void Release() => Active = false;

    public void Defer(in SignalDelivery signal) => (_signals ??= []).Add(signal);

    /// <summary>The signals deferred while the call ran, in order, then none.</summary>
    public bool TakeSignal(out SignalDelivery signal)
    {
        if (_signals is not { Count: > 0 })
        {
            signal = default;
            return false;
        }
        signal = _signals[0];
        _signals.RemoveAt(0);
        return true;
    }
}
