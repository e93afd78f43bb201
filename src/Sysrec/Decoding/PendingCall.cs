using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Sysrec.Kernel;

namespace Sysrec.Decoding;

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
        Number = MemoryMarshal.AsRef<DecodeHeader>(enter).SyscallId;
        SocketcallUnpacking.Apply(_record.AsSpan(0, _length));
        Active = true;
    }

    /// <summary>The syscall the held call entered, as its exit record names it (socketcall where <see cref="Enter"/> shows the call it made).</summary>
    public long Number { get; private set; }

    public void Release() => Active = false;

    /// <summary>SYSREC_CAPTURE_RETRIED: in an exit record, an entry capture read again at the exit.</summary>
    public const byte Retried = 0x80;

    /// <summary>
    /// Takes the entry captures an exit record read again (they follow its own): each replaces the held
    /// entry's capture of the same argument, element and kind, which the kernel could not read at the
    /// entry. Returns the exit's own captures.
    /// </summary>
    public ReadOnlySpan<byte> TakeRetried(ReadOnlySpan<byte> exitItems, int entryItemsAt)
    {
        int first = -1;
        for (int at = 0; at + CaptureSet.HeaderSize <= exitItems.Length;)
        {
            int length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(exitItems[(at + 4)..]), (uint)(exitItems.Length - at - CaptureSet.HeaderSize));
            ReadOnlySpan<byte> item = exitItems.Slice(at, CaptureSet.HeaderSize + length);
            if ((item[2] & Retried) != 0)
            {
                if (first < 0)
                    first = at;
                Hide(entryItemsAt, item);
                Append(item);
            }
            at = Aligned(at + item.Length);
        }
        return first < 0 ? exitItems : exitItems[..first];
    }

    // An entry item about the same argument, element and kind no longer matches any lookup.
    private void Hide(int entryItemsAt, ReadOnlySpan<byte> retried)
    {
        Span<byte> items = _record.AsSpan(entryItemsAt, _length - entryItemsAt);
        for (int at = 0; at + CaptureSet.HeaderSize <= items.Length;)
        {
            Span<byte> header = items.Slice(at, CaptureSet.HeaderSize);
            if (header[0] == retried[0] && header[1] == retried[1] && header[3] == retried[3])
                header[0] = byte.MaxValue;
            at = Aligned(at + CaptureSet.HeaderSize + (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header[4..]), (uint)items.Length));
        }
    }

    // At the next multiple of 8 (the record need not end on one), the gaps 0.
    private void Append(ReadOnlySpan<byte> item)
    {
        int start = Aligned(_length), end = Aligned(start + item.Length);
        if (end > _record.Length)
            Array.Resize(ref _record, (int)BitOperations.RoundUpToPowerOf2((uint)end));
        _record.AsSpan(_length, start - _length).Clear();
        item.CopyTo(_record.AsSpan(start));
        _record[start + 2] &= unchecked((byte)~Retried);
        _record.AsSpan(start + item.Length, end - start - item.Length).Clear();
        _length = end;
    }

    private static int Aligned(int offset) => (offset + 7) & ~7;

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
