using System.Buffers.Binary;

namespace Sysrec.Decoding;

/// <summary>
/// The captures of one side of a call (entry or exit): items laid out as <see cref="CaptureKind"/> says,
/// looked up by argument. A malformed tail (an item running past the end) ends the set: the items before
/// it are kept, as a recording cut short keeps its whole lines.
/// </summary>
internal readonly ref struct CaptureSet(ReadOnlySpan<byte> items)
{
    /// <summary>The argument index of a capture about the return value (the fd accept made).</summary>
    public const int ReturnValue = 6;

    /// <summary>The argument index of a capture read above the user stack pointer at entry (rt_sigreturn's signal frame).</summary>
    public const int StackPointer = 7;

    /// <summary>The argument index of a capture that is no argument's any more (socketcall's array, once the call is shown as the one it makes).</summary>
    public const byte NoArgument = 0xff;

    public const int HeaderSize = 12;

    private readonly ReadOnlySpan<byte> _items = items;

    public ReadOnlySpan<byte> Bytes => _items;

    public bool IsEmpty => _items.IsEmpty;

    /// <summary>The capture of an argument (its first element); false when the kernel sent none.</summary>
    public bool TryGet(int argument, out Capture capture) => TryGet(argument, 0, out capture);

    public bool TryGet(int argument, int element, out Capture capture)
    {
        foreach (Capture item in this)
        {
            if (item.Argument == argument && item.Element == element)
            {
                capture = item;
                return true;
            }
        }
        capture = default;
        return false;
    }

    /// <summary>The capture of one kind about an argument's element (an FdTarget beside the array it names).</summary>
    public bool TryGet(int argument, int element, CaptureKind kind, out Capture capture)
    {
        foreach (Capture item in this)
        {
            if (item.Argument == argument && item.Element == element && item.Kind == kind)
            {
                capture = item;
                return true;
            }
        }
        capture = default;
        return false;
    }

    public Enumerator GetEnumerator() => new(_items);

    /// <summary>Walks the items in order.</summary>
    public ref struct Enumerator(ReadOnlySpan<byte> items)
    {
        private readonly ReadOnlySpan<byte> _items = items;
        private int _next;

        public Capture Current { get; private set; }

        public bool MoveNext()
        {
            if (_next + HeaderSize > _items.Length)
                return false;
            ReadOnlySpan<byte> header = _items.Slice(_next, HeaderSize);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (length > (uint)(_items.Length - _next - HeaderSize))
            {
                _next = _items.Length;
                return false;
            }
            Current = new Capture((CaptureKind)header[1], (CaptureFlags)header[2], header[0], header[3],
                BinaryPrimitives.ReadUInt32LittleEndian(header[8..]), _items.Slice(_next + HeaderSize, (int)length));
            _next = Align(_next + HeaderSize + (int)length);
            return true;
        }

        private static int Align(int offset) => (offset + 7) & ~7;
    }
}
