using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// Consumes the BPF ring buffers through their shared mappings, handing each record to a sink in place:
/// nothing is copied, allocated or called natively per record. libbpf's reader publishes its position
/// after every record, a write to the cache line the producer reads on every reserve; this one
/// publishes it once per stretch of records, which keeps the two CPUs from trading that line.
/// The program writes a ring per CPU (see <c>records</c> in bpf/sysrec.bpf.c); their records are merged
/// by the key in the first 8 bytes of each, the time of the call or of its thread's run on the CPU.
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

    private readonly Ring[] _rings;
    // One of the two: the plain records' sink, or a --decode recording's, which takes every record's bytes.
    private readonly IRecordSink? _sink;
    private readonly IDecodeRecordSink? _decodeSink;
    // Null for a ring laid out by the caller (Over), which has no wakeups to wait for.
    private readonly SafeFileHandle? _wakeups;

    private RingBufferReader(Ring[] rings, SafeFileHandle? wakeups, IRecordSink? sink, IDecodeRecordSink? decodeSink)
    {
        _rings = rings;
        _wakeups = wakeups;
        _sink = sink;
        _decodeSink = decodeSink;
    }

    /// <summary>Reads the BPF ring buffer maps <paramref name="mapFds"/>, each of <paramref name="size"/> bytes, through their shared mappings.</summary>
    public static RingBufferReader Map(IReadOnlyList<SafeFileHandle> mapFds, int size, IRecordSink sink) => Map(mapFds, size, sink, null);

    /// <summary>Reads the rings of a --decode recording, whose records go to <paramref name="sink"/> as their bytes.</summary>
    public static RingBufferReader Map(IReadOnlyList<SafeFileHandle> mapFds, int size, IDecodeRecordSink sink) => Map(mapFds, size, null, sink);

    private static RingBufferReader Map(IReadOnlyList<SafeFileHandle> mapFds, int size, IRecordSink? sink, IDecodeRecordSink? decodeSink)
    {
        var rings = new Ring[mapFds.Count];
        SafeFileHandle? wakeups = null;
        try
        {
            wakeups = Interop.Libc.EpollCreate1(Interop.Libc.EPOLL_CLOEXEC);
            if (wakeups.IsInvalid)
                throw WaitFailure(Marshal.GetLastPInvokeError());
            for (int i = 0; i < rings.Length; i++)
            {
                int fd = (int)mapFds[i].DangerousGetHandle();
                rings[i] = Ring.Map(fd, size);
                WatchWakeups(wakeups, fd);
            }
            return new RingBufferReader(rings, wakeups, sink, decodeSink);
        }
        catch
        {
            foreach (Ring ring in rings)
                ring?.Dispose();
            wakeups?.Dispose();
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
        new([new Ring(consumerPosition, producerPosition, data, size)], null, sink, null);

    /// <summary>The same, for a ring of a --decode recording's records.</summary>
    public static RingBufferReader Over(long* consumerPosition, long* producerPosition, byte* data, int size, IDecodeRecordSink sink) =>
        new([new Ring(consumerPosition, producerPosition, data, size)], null, null, sink);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the kernel's wakeup, then reads everything there is. The
    /// kernel wakes the reader only once a batch has piled up, so records come in large batches; trickles
    /// wait for the timeout.
    /// </summary>
    public int Poll(TimeSpan timeout)
    {
        SafeFileHandle wakeups = _wakeups ?? throw new InvalidOperationException("a ring laid out in memory has no wakeups to wait for");
        if (Interop.Libc.EpollWait(wakeups, out _, 1, (int)timeout.TotalMilliseconds) < 0 && Marshal.GetLastPInvokeError() != Interop.Libc.EINTR)
            throw WaitFailure(Marshal.GetLastPInvokeError());
        return Drain();
    }

    /// <summary>Hands the sink every record submitted so far, in order, and makes their room free for the kernel.</summary>
    public int Drain() => _rings.Length == 1 ? DrainOne(_rings[0]) : DrainMerged();

    // One ring: its records in the order they were reserved.
    private int DrainOne(Ring ring)
    {
        int count = 0;
        // The producer position changes with every record the other CPU reserves; reading it once per
        // batch rather than once per record keeps that cache line from moving back and forth.
        while (ring.Refresh())
        {
            while (ring.Head(out byte* header, out uint length))
            {
                count += Dispatch(header, length);
                ring.Advance(length);
            }
        }
        ring.Publish();
        return count;
    }

    // Several rings: the record of smallest key among the rings' first ones goes next. A thread's records
    // on one CPU were all submitted before it wrote any on another, so a ring found empty after the
    // chosen record was seen holds none that must come before it; every ring without a record is
    // looked at again after the chosen ring's stretch is seen, before that stretch is handed on.
    private int DrainMerged()
    {
        int count = 0;
        for (;;)
        {
            Ring? best = null;
            ulong bestKey = 0;
            foreach (Ring ring in _rings)
            {
                if (!ring.HasHead && !ring.Refresh())
                    continue;
                ulong key = ring.HeadKey();
                if (best is null || key < bestKey)
                    (best, bestKey) = (ring, key);
            }
            if (best is null)
                break;
            // The chosen ring's stretch of records no later than the other rings' first: seen here, then
            // the empty rings looked at again.
            long end = best.StretchEnd(OtherRingsFirstKey(best));
            bool arrived = false;
            foreach (Ring ring in _rings)
                arrived |= ring != best && !ring.HasHead && ring.Refresh();
            // A record that came meanwhile may have to go first: choose again.
            if (arrived)
                continue;
            while (best.Before(end) && best.Head(out byte* header, out uint length))
            {
                count += Dispatch(header, length);
                best.Advance(length);
            }
        }
        foreach (Ring ring in _rings)
            ring.Publish();
        return count;
    }

    private ulong OtherRingsFirstKey(Ring chosen)
    {
        ulong first = ulong.MaxValue;
        foreach (Ring ring in _rings)
        {
            if (ring != chosen && ring.HasHead)
                first = Math.Min(first, ring.HeadKey());
        }
        return first;
    }

    // The record to its sink; 1 when one was handed on, 0 for a discarded one.
    private int Dispatch(byte* header, uint length)
    {
        if ((length & DiscardBit) != 0)
            return 0;
        if (_decodeSink is not null)
        {
            _decodeSink.Write(new ReadOnlySpan<byte>(header + HeaderSize, (int)length));
            return 1;
        }
        if (length < (uint)SyscallRecord.SizeWithoutArgs)
            throw new InvalidOperationException($"ring buffer record of {length} bytes, expected at least {SyscallRecord.SizeWithoutArgs}");
        byte* record = header + HeaderSize;
        // The length is what tells a record with paths (or an exec event) from a plain one.
        if (length >= (uint)SyscallRecord.SizeWithPaths)
            _sink!.Write(in *(PathRecord*)record);
        else
            _sink!.Write(in *(SyscallRecord*)record);
        return 1;
    }

    public void Dispose()
    {
        _wakeups?.Dispose();
        foreach (Ring ring in _rings)
            ring.Dispose();
    }

    private static SysrecException WaitFailure(int error) =>
        new(ExitCodes.Failure, $"cannot wait for the ring buffer: {Marshal.GetPInvokeErrorMessage(error)}");

    /// <summary>One ring's mapping and the reader's place in it: read up to <see cref="_limit"/>, the producer position last seen.</summary>
    private sealed class Ring : IDisposable
    {
        private readonly long _mask;
        // Null for a ring laid out by the caller (Over), which has no mapping to own.
        private readonly SafeMappedMemoryHandle? _consumerPage;
        private readonly SafeMappedMemoryHandle? _producerAndData;
        private readonly long* _consumerPosition;
        private readonly long* _producerPosition;
        private readonly byte* _data;
        private long _position;
        private long _limit;
        private long _published;

        public Ring(long* consumerPosition, long* producerPosition, byte* data, int size)
        {
            _consumerPosition = consumerPosition;
            _producerPosition = producerPosition;
            _data = data;
            _mask = size - 1;
            _position = _limit = _published = Volatile.Read(ref *consumerPosition);
        }

        private Ring(SafeMappedMemoryHandle consumerPage, SafeMappedMemoryHandle producerAndData, int size)
            : this((long*)consumerPage.DangerousGetHandle(), (long*)producerAndData.DangerousGetHandle(),
                (byte*)producerAndData.DangerousGetHandle() + Environment.SystemPageSize, size)
        {
            _consumerPage = consumerPage;
            _producerAndData = producerAndData;
        }

        public static Ring Map(int mapFd, int size)
        {
            int page = Environment.SystemPageSize;
            SafeMappedMemoryHandle consumerPage = MapPart(mapFd, 0, (nuint)page, Interop.Libc.PROT_READ | Interop.Libc.PROT_WRITE);
            SafeMappedMemoryHandle? producerAndData = null;
            try
            {
                // The kernel maps the data pages twice in a row, so a record that wraps around reads as one piece.
                producerAndData = MapPart(mapFd, page, (nuint)page + 2 * (nuint)size, Interop.Libc.PROT_READ);
                return new Ring(consumerPage, producerAndData, size);
            }
            catch
            {
                producerAndData?.Dispose();
                consumerPage.Dispose();
                throw;
            }
        }

        /// <summary>Whether a submitted record waits at the reader's place, within what was last seen of the producer.</summary>
        public bool HasHead => _position < _limit && (Volatile.Read(ref *(uint*)(_data + (_position & _mask))) & BusyBit) == 0;

        /// <summary>Looks at the producer's position again; whether a submitted record waits now.</summary>
        public bool Refresh()
        {
            _limit = Volatile.Read(ref *_producerPosition);
            return HasHead;
        }

        /// <summary>The record at the reader's place, unless it is not yet submitted or nothing is there.</summary>
        public bool Head(out byte* header, out uint length)
        {
            header = _data + (_position & _mask);
            length = 0;
            if (_position >= _limit)
                return false;
            length = Volatile.Read(ref *(uint*)header);
            return (length & BusyBit) == 0;
        }

        /// <summary>The first record's order key (see <c>records</c> in bpf/sysrec.bpf.c); a record with no room for one sorts first.</summary>
        public ulong HeadKey()
        {
            byte* header = _data + (_position & _mask);
            uint length = *(uint*)header & ~DiscardBit;
            return length >= sizeof(ulong) ? *(ulong*)(header + HeaderSize) : 0;
        }

        /// <summary>Where the stretch of submitted records from the reader's place whose keys are at most <paramref name="bound"/> ends.</summary>
        public long StretchEnd(ulong bound)
        {
            long position = _position;
            while (position < _limit)
            {
                byte* header = _data + (position & _mask);
                uint length = Volatile.Read(ref *(uint*)header);
                if ((length & BusyBit) != 0)
                    break;
                uint size = length & ~DiscardBit;
                if (size >= sizeof(ulong) && *(ulong*)(header + HeaderSize) > bound && position > _position)
                    break;
                position += Stride(length);
            }
            return position;
        }

        public bool Before(long end) => _position < end;

        public void Advance(uint length)
        {
            _position += Stride(length);
            if (_position - _published >= PublishEvery)
                Publish();
        }

        /// <summary>Gives the kernel back the room of the records read.</summary>
        public void Publish()
        {
            Volatile.Write(ref *_consumerPosition, _position);
            _published = _position;
        }

        public void Dispose()
        {
            _producerAndData?.Dispose();
            _consumerPage?.Dispose();
        }

        private static long Stride(uint length) => (HeaderSize + (length & ~DiscardBit) + 7) & ~7L;

        private static SafeMappedMemoryHandle MapPart(int mapFd, long offset, nuint length, int protection)
        {
            SafeMappedMemoryHandle mapping = SafeMappedMemoryHandle.Map(mapFd, offset, length, protection);
            if (!mapping.IsInvalid)
                return mapping;
            int error = Marshal.GetLastPInvokeError();
            mapping.Dispose();
            throw new SysrecException(ExitCodes.Failure, $"cannot map the ring buffer: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    /// <summary>
    /// Edge-triggered, so a wait returns on the kernel's wakeups only: a ring buffer polls readable as long
    /// as a single byte is unread, which would turn every wait into a spin over tiny batches.
    /// </summary>
    private static void WatchWakeups(SafeFileHandle epoll, int mapFd)
    {
        var interest = new Interop.Libc.EpollEvent { events = Interop.Libc.EPOLLIN | Interop.Libc.EPOLLET };
        if (Interop.Libc.EpollCtl(epoll, Interop.Libc.EPOLL_CTL_ADD, mapFd, ref interest) != 0)
            throw WaitFailure(Marshal.GetLastPInvokeError());
    }
}
