using System.Diagnostics;
using System.Runtime.InteropServices;
using Sysrec.Syscalls;
using Sysrec.Trace;
using Sysrec.Kernel;

// Events per second per core for the reader's work on each record: walk the ring's 8-byte headers,
// view the record in place, format it as a text line (and as JSON) into the writer's 1 MiB buffer.
// The stream is captured once (a ring's worth of records, as the kernel lays them out) and replayed.
const int Records = 4_000_000;
const int Repetitions = 7;
int recordSize = SyscallRecord.SizeWithoutArgs;
int stride = (8 + recordSize + 7) & ~7;
byte[] stream = Capture(Records, recordSize, stride);

Console.WriteLine($"consumer: {Records:N0} records of {recordSize} bytes, median of {Repetitions} runs, one thread");
foreach ((string name, Func<Sink> sink) in new (string, Func<Sink>)[] { ("text", () => new Sink(json: false)), ("jsonl", () => new Sink(json: true)) })
{
    var rates = new List<double>();
    for (int run = 0; run < Repetitions; run++)
    {
        Sink target = sink();
        var clock = Stopwatch.StartNew();
        Replay(stream, stride, target);
        rates.Add(Records / clock.Elapsed.TotalSeconds);
        GC.KeepAlive(target);
    }
    rates.Sort();
    Console.WriteLine($"  {name,-6} {rates[Repetitions / 2] / 1e6,6:0.00} M records/s  ({1e9 / rates[Repetitions / 2],5:0.0} ns per record)");
}

static unsafe void Replay(byte[] stream, int stride, Sink sink)
{
    fixed (byte* start = stream)
    {
        for (long offset = 0; offset < stream.Length; offset += stride)
        {
            uint length = *(uint*)(start + offset);
            if ((length & (1u << 30)) == 0)
                sink.Write(in *(SyscallRecord*)(start + offset + 8));
        }
    }
}

static byte[] Capture(int records, int recordSize, int stride)
{
    var stream = new byte[(long)records * stride];
    var random = new Random(1);
    string[] comms = ["bash", "sshd", "python3", "nginx: worker", "kworker/u4:2"];
    for (int i = 0; i < records; i++)
    {
        Span<byte> slot = stream.AsSpan(i * stride, stride);
        MemoryMarshal.Write(slot, (uint)recordSize);
        var record = new SyscallRecord
        {
            TimestampNs = 1_000_000_000UL + (ulong)i * 731,
            SyscallId = random.Next(0, 335),
            Pid = (uint)random.Next(1, 4_000_000),
            Abi = SyscallAbi.Native,
        };
        record.Tid = record.Pid;
        System.Text.Encoding.ASCII.GetBytes(comms[i % comms.Length], record.Comm);
        MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref record, 1))[..recordSize].CopyTo(slot[8..]);
    }
    return stream;
}

/// <summary>What TraceWriter does with a record, minus the write system call: format into a 1 MiB buffer, wrap when full.</summary>
sealed class Sink(bool json)
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;

    public void Write(in SyscallRecord record)
    {
        if (_buffer.Length - _used < JsonLine.MaxLength)
            _used = 0;
        Span<byte> free = _buffer.AsSpan(_used);
        _used += json ? JsonLine.Format(record, SyscallRecord.SizeWithoutArgs, free, withArgs: false, withExit: false) : TraceLine.Format(record, free);
    }
}
