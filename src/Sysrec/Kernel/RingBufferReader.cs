using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// Consumes a BPF ring buffer through its shared mapping, handing each record to a sink in place:
/// nothing is copied, allocated or called natively per record. libbpf's reader publishes its position
/// after every record, a write to the cache line the producer reads on every reserve; this one
/// publishes it once per stretch of records, which keeps the two CPUs from trading that line.
/// The one place outside Interop that holds native pointers: a span over the mapping would check bounds
/// on every record of the hottest loop, which reads memory the kernel laid out and keeps writing.
/// </summary>
internal sealed unsafe class RingBufferReader : IDisposable
{
    // include/uapi/linux/bpf.h: every record starts with a u32 length whose top bits flag a record
    // not yet submitted (busy) or thrown away (discard), then a u32 page offset.
    private const uint BusyBit = 1u << 31;
    private const uint DiscardBit = 1u << 30;
    private const int HeaderSize = 8;

    // Publishing the position lets the producer reuse the space; doing it every this many bytes keeps
    // a long drain from starving it.
    private const long PublishEvery = 256 << 10;

    private readonly long _mask;
    // One of the two: the plain records' sink, or a --decode recording's, which takes every record's bytes.
    private readonly IRecordSink? _sink;
    private readonly IDecodeRecordSink? _decodeSink;
    // Null for a ring laid out by the caller (Over), which has no mapping to own and no wakeups to wait for.
    private readonly SafeMappedMemoryHandle? _consumerPage;
    private readonly SafeMappedMemoryHandle? _producerAndData;
    private readonly SafeFileHandle? _wakeups;
    private readonly long* _consumerPosition;
    private readonly long* _producerPosition;
    private readonly byte* _data;

    private RingBufferReader(long* consumerPosition, long* producerPosition, byte* data, int size, IRecordSink? sink, IDecodeRecordSink? decodeSink)
    {
        _consumerPosition = consumerPosition;
        _producerPosition = producerPosition;
        _data = data;
        _mask = size - 1;
        _sink = sink;
        _decodeSink = decodeSink;
    }

    private RingBufferReader(SafeMappedMemoryHandle consumerPage, SafeMappedMemoryHandle producerAndData, SafeFileHandle wakeups, int size,
        IRecordSink? sink, IDecodeRecordSink? decodeSink)
        : this((long*)consumerPage.DangerousGetHandle(), (long*)producerAndData.DangerousGetHandle(),
            (byte*)producerAndData.DangerousGetHandle() + Environment.SystemPageSize, size, sink, decodeSink)
    {
        _consumerPage = consumerPage;
        _producerAndData = producerAndData;
        _wakeups = wakeups;
    }

    /// <summary>Reads the BPF ring buffer map <paramref name="mapFd"/> of <paramref name="size"/> bytes through its shared mapping.</summary>
    public static RingBufferReader Map(int mapFd, int size, IRecordSink sink) => Map(mapFd, size, sink, null);

    /// <summary>Reads the ring of a --decode recording, whose records go to <paramref name="sink"/> as their bytes.</summary>
    public static RingBufferReader Map(int mapFd, int size, IDecodeRecordSink sink) => Map(mapFd, size, null, sink);

    private static RingBufferReader Map(int mapFd, int size, IRecordSink? sink, IDecodeRecordSink? decodeSink)
    {
        int page = Environment.SystemPageSize;
        SafeMappedMemoryHandle consumerPage = Map(mapFd, 0, (nuint)page, Interop.Libc.PROT_READ | Interop.Libc.PROT_WRITE);
        SafeMappedMemoryHandle? producerAndData = null;
        try
        {
            // The kernel maps the data pages twice in a row, so a record that wraps around reads as one piece.
            producerAndData = Map(mapFd, page, (nuint)page + 2 * (nuint)size, Interop.Libc.PROT_READ);
            return new RingBufferReader(consumerPage, producerAndData, WatchWakeups(mapFd), size, sink, decodeSink);
        }
        catch
        {
            producerAndData?.Dispose();
            consumerPage.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a ring the caller has laid out as the kernel lays out a BPF ring buffer, and keeps in place
    /// while it is read: the two positions, and <paramref name="size"/> bytes of data mapped twice in a row
    /// (or followed by a copy of themselves). For replaying a ring without the kernel (bench/consumer);
    /// only <see cref="Drain"/> reads it.
    /// </summary>
    public static RingBufferReader Over(long* consumerPosition, long* producerPosition, byte* data, int size, IRecordSink sink) =>
        new(consumerPosition, producerPosition, data, size, sink, null);

    /// <summary>The same, for a ring of a --decode recording's records.</summary>
    public static RingBufferReader Over(long* consumerPosition, long* producerPosition, byte* data, int size, IDecodeRecordSink sink) =>
        new(consumerPosition, producerPosition, data, size, null, sink);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the kernel's wakeup, then reads everything there is. The
    /// kernel wakes the reader only once a batch has piled up, so records come in large batches; trickles
    /// wait for the timeout.
    /// </summary>
    public int Poll(TimeSpan timeout)
    {
        SafeFileHandle wakeups = _wakeups ?? throw new InvalidOperationException("a ring laid out in memory has no wakeups to wait for");
        if (Interop.Libc.EpollWait(wakeups, out _, 1, (int)timeout.TotalMilliseconds) < 0 && Marshal.GetLastPInvokeError() != Interop.Libc.EINTR)
            throw new SysrecException(ExitCodes.Failure, $"cannot wait for the ring buffer: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return Drain();
    }

    /// <summary>Reads every submitted record, up to the first one still being written.</summary>
    public int Drain()
    {
        long consumer = Volatile.Read(ref *_consumerPosition);
        long published = consumer;
        int count = 0;
        // The producer position changes with every record the other CPU reserves; reading it once per
        // batch rather than once per record keeps that cache line from moving back and forth.
        for (long producer = Volatile.Read(ref *_producerPosition); consumer < producer; producer = Volatile.Read(ref *_producerPosition))
        {
            while (consumer < producer)
            {
                byte* header = _data + (consumer & _mask);
                uint length = Volatile.Read(ref *(uint*)header);
                if ((length & BusyBit) != 0)
                {
                    Volatile.Write(ref *_consumerPosition, consumer);
                    return count;
                }
                if ((length & DiscardBit) == 0 && _decodeSink is not null)
                {
                    _decodeSink.Write(new ReadOnlySpan<byte>(header + HeaderSize, (int)length));
                    count++;
                }
                else if ((length & DiscardBit) == 0)
                {
                    if (length < (uint)SyscallRecord.SizeWithoutArgs)
                        throw new InvalidOperationException($"ring buffer record of {length} bytes, expected at least {SyscallRecord.SizeWithoutArgs}");
                    byte* record = header + HeaderSize;
                    // The length is what tells a record with paths (or an exec event) from a plain one.
                    if (length >= (uint)SyscallRecord.SizeWithPaths)
                        _sink!.Write(in *(PathRecord*)record);
                    else
                        _sink!.Write(in *(SyscallRecord*)record);
                    count++;
                }
                consumer += (HeaderSize + (length & ~DiscardBit) + 7) & ~7L;
                if (consumer - published >= PublishEvery)
                {
                    Volatile.Write(ref *_consumerPosition, consumer);
                    published = consumer;
                }
            }
        }
        Volatile.Write(ref *_consumerPosition, consumer);
        return count;
    }

    public void Dispose()
    {
        _wakeups?.Dispose();
        _producerAndData?.Dispose();
        _consumerPage?.Dispose();
    }

    /// <summary>
    /// Edge-triggered, so a wait returns on the kernel's wakeups only: a ring buffer polls readable as long
    /// as a single byte is unread, which would turn every wait into a spin over tiny batches.
    /// </summary>
    private static SafeFileHandle WatchWakeups(int mapFd)
    {
        SafeFileHandle epoll = Interop.Libc.EpollCreate1(Interop.Libc.EPOLL_CLOEXEC);
        var interest = new Interop.Libc.EpollEvent { events = Interop.Libc.EPOLLIN | Interop.Libc.EPOLLET };
        if (!epoll.IsInvalid && Interop.Libc.EpollCtl(epoll, Interop.Libc.EPOLL_CTL_ADD, mapFd, ref interest) == 0)
            return epoll;
        int error = Marshal.GetLastPInvokeError();
        epoll.Dispose();
        throw new SysrecException(ExitCodes.Failure, $"cannot wait for the ring buffer: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    private static SafeMappedMemoryHandle Map(int mapFd, long offset, nuint length, int protection)
    {
        SafeMappedMemoryHandle mapping = SafeMappedMemoryHandle.Map(mapFd, offset, length, protection);
        if (!mapping.IsInvalid)
            return mapping;
        int error = Marshal.GetLastPInvokeError();
        mapping.Dispose();
        throw new SysrecException(ExitCodes.Failure, $"cannot map the ring buffer: {Marshal.GetPInvokeErrorMessage(error)}");
    }
}
