using System.Diagnostics;
using System.Runtime.InteropServices;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Trace;

// Records per second per core for what the recorder does with each record, run by the product's own code:
// its ring buffer reader walks a ring laid out as the kernel lays out a BPF ring buffer and hands each
// record in place to its trace writer, which formats the line into its buffer and writes the buffer out
// (to /dev/null, so that no disk is measured). The ring is filled once with records as `sysrec record`
// captures them (text: without arguments; jsonl: with them) and read again for every run.
const int RingBytes = 256 << 20;
const int Repetitions = 7;

Console.WriteLine($"consumer: a {RingBytes >> 20} MiB ring of records read by RingBufferReader into the trace writer, median of {Repetitions} runs, one thread");
foreach ((string name, TraceFormat format, int recordSize) in new[]
{
    ("text", TraceFormat.Text, SyscallRecord.SizeWithoutArgs),
    ("jsonl", TraceFormat.Jsonl, (int)Marshal.OffsetOf<SyscallRecord>(nameof(SyscallRecord.Ret))),
})
{
    using var ring = new Ring(RingBytes, recordSize);
    var rates = new List<double>();
    for (int run = 0; run < Repetitions; run++)
    {
        using IRecordOutput writer = new LineFormat(format).WriterTo(new TraceOutput("/dev/null", maxBytes: null));
        using RingBufferReader reader = ring.Reader(writer);
        var clock = Stopwatch.StartNew();
        int records = reader.Drain();
        writer.Flush();
        rates.Add(records / clock.Elapsed.TotalSeconds);
    }
    rates.Sort();
    double median = rates[Repetitions / 2];
    Console.WriteLine($"  {name,-6} {median / 1e6,6:0.00} M records/s  ({1e9 / median,5:0.0} ns per record of {recordSize} bytes, {ring.Records:N0} a run)");
}

/// <summary>
/// A ring buffer as the kernel lays one out for its reader, in memory of its own: the consumer and
/// producer positions, each on its page, then the data. It is filled without wrapping around, so the
/// second mapping of the data that the kernel adds for records that wrap is not needed.
/// </summary>
sealed unsafe class Ring : IDisposable
{
    private const int Page = 4096;
    private readonly byte* _memory;
    private readonly int _size;
    private readonly long _filled;

    public Ring(int size, int recordSize)
    {
        _size = size;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)(2 * Page + size), Page);
        int stride = (8 + recordSize + 7) & ~7;
        var random = new Random(1);
        string[] comms = ["bash", "sshd", "python3", "nginx: worker", "kworker/u4:2"];
        byte* data = _memory + 2 * Page;
        for (long offset = 0; offset + stride <= size; offset += stride, Records++)
        {
            *(uint*)(data + offset) = (uint)recordSize;
            *(uint*)(data + offset + 4) = 0;
            var record = new SyscallRecord
            {
                TimestampNs = 1_000_000_000UL + (ulong)Records * 731,
                SyscallId = random.Next(0, 335),
                Pid = (uint)random.Next(1, 4_000_000),
                Abi = SyscallAbi.Native,
            };
            record.Tid = record.Pid;
            // As a read(2) has them: a descriptor, a buffer's address, a length.
            record.Args[0] = (ulong)random.Next(0, 64);
            record.Args[1] = 0x7ffd_0000_0000UL + (ulong)random.Next();
            record.Args[2] = (ulong)random.Next(0, 1 << 16);
            System.Text.Encoding.ASCII.GetBytes(comms[Records % comms.Length], record.Comm);
            new ReadOnlySpan<byte>(&record, recordSize).CopyTo(new Span<byte>(data + offset + 8, recordSize));
            _filled = offset + stride;
        }
    }

    public int Records { get; }

    /// <summary>A reader of the whole ring, from its start.</summary>
    public RingBufferReader Reader(IRecordSink sink)
    {
        long* consumer = (long*)_memory;
        long* producer = (long*)(_memory + Page);
        *consumer = 0;
        *producer = _filled;
        return RingBufferReader.Over(consumer, producer, _memory + 2 * Page, _size, sink);
    }

    public void Dispose() => NativeMemory.AlignedFree(_memory);
}
