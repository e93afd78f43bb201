using System.Runtime.InteropServices;
using Sysrec.Decoding;
using Sysrec.Kernel;

/// <summary>
/// A ring buffer as the kernel lays one out for its reader, in memory of its own: the consumer and
/// producer positions, each on its page, then the data. It is filled once, without wrapping around, with
/// the records <c>recordAt</c> gives in turn, so the second mapping of the data that the kernel adds for
/// records that wrap is not needed.
/// </summary>
sealed unsafe class Ring : IDisposable
{
    private const int Page = 4096;
    private readonly byte* _memory;
    private readonly int _size;
    private readonly long _filled;

    public Ring(int size, Func<int, byte[]> recordAt)
    {
        _size = size;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)(2 * Page + size), Page);
        byte* data = _memory + 2 * Page;
        for (long offset = 0; ; Records++)
        {
            byte[] record = recordAt(Records);
            long stride = (8 + record.Length + 7) & ~7;
            if (offset + stride > size)
                break;
            *(uint*)(data + offset) = (uint)record.Length;
            *(uint*)(data + offset + 4) = 0;
            record.CopyTo(new Span<byte>(data + offset + 8, record.Length));
            offset += stride;
            _filled = offset;
        }
    }

    public int Records { get; }

    /// <summary>A reader of the whole ring, from its start.</summary>
    public RingBufferReader Reader(IRecordSink sink) => RingBufferReader.Over(Rewound(), Producer, Data, _size, sink);

    /// <summary>The same, for a ring of a --decode recording's records.</summary>
    public RingBufferReader Reader(IDecodeRecordSink sink) => RingBufferReader.Over(Rewound(), Producer, Data, _size, sink);

    public void Dispose() => NativeMemory.AlignedFree(_memory);

    private long* Producer => (long*)(_memory + Page);

    private byte* Data => _memory + 2 * Page;

    private long* Rewound()
    {
        *(long*)_memory = 0;
        *Producer = _filled;
        return (long*)_memory;
    }
}
