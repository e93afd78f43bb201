using System.Diagnostics;
using System.Runtime.InteropServices;
using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Trace;

// Records per second per core for what the recorder does with each record, run by the product's own code:
// its ring buffer reader walks a ring laid out as the kernel lays out a BPF ring buffer and hands each
// record in place to its trace writer, which formats the line into its buffer and writes the buffer out
// (to /dev/null, so that no disk is measured). The ring is filled once with records as `sysrec record`
// captures them (text: without arguments; jsonl: with them; strace and binary: a --decode recording's enter
// and exit records, paired into calls and rendered as strace's lines, with buffers of text or binary data) and read again for every run.
const int RingBytes = 256 << 20;
const int Repetitions = 7;

Console.WriteLine($"consumer: a {RingBytes >> 20} MiB ring of records read by RingBufferReader into the trace writer, median of {Repetitions} runs, one thread");
foreach ((string name, TraceFormat format, int recordSize) in new[]
{
    ("text", TraceFormat.Text, SyscallRecord.SizeWithoutArgs),
    ("jsonl", TraceFormat.Jsonl, (int)Marshal.OffsetOf<SyscallRecord>(nameof(SyscallRecord.Ret))),
})
{
    using var ring = new Ring(RingBytes, new PlainRecords(recordSize).At);
    double rate = Median(() =>
    {
        using IRecordOutput writer = new LineFormat(format).WriterTo(new TraceOutput("/dev/null", maxBytes: null));
        using RingBufferReader reader = ring.Reader(writer);
        int records = reader.Drain();
        writer.Flush();
        return records;
    });
    Console.WriteLine($"  {name,-6} {rate / 1e6,6:0.00} M records/s  ({1e9 / rate,5:0.0} ns per record of {recordSize} bytes, {ring.Records:N0} a run)");
}

foreach ((string name, bool binary) in new[] { ("strace", false), ("binary", true) })
{
    using var mix = new StraceMix(binary);
    using var ring = new Ring(RingBytes, mix.At);
    double rate = Median(() =>
    {
        var descriptors = new FdTracker();
        mix.Seed(descriptors);
        var lines = new StraceLineWriter(new StraceRenderer(StraceRenderer.DefaultSnaplen, descriptors), pidPrefix: true,
            Sysrec.Decoding.TimestampStyle.Microseconds, durations: true, WallClockStamp.RealtimeMinusMonotonicNow());
        using var writer = new StraceWriter(new TraceOutput("/dev/null", maxBytes: null), lines, descriptors);
        using RingBufferReader reader = ring.Reader(new CallPairing(writer));
        reader.Drain();
        writer.Flush();
        return writer.Records;
    });
    Console.WriteLine($"  {name,-6} {rate / 1e6,6:0.00} M calls/s    ({1e9 / rate,5:0.0} ns per call: openat, fstat, 4 x read and write of {(binary ? "binary data" : "text")}, close,"
        + $" 5 x getppid in {mix.CallsPerRound}, {ring.Records / 2:N0} a run)");
}

using (var mix = new StraceMix(binary: false))
{
    using var ring = new Ring(RingBytes, mix.At);
    string directory = Directory.CreateTempSubdirectory("sysrec-consumer-lidds-").FullName;
    try
    {
        var scenario = new Sysrec.Export.LiddsScenario([], "", null, [], null);
        double rate = Median(() =>
        {
            var descriptors = new FdTracker();
            mix.Seed(descriptors);
            var options = new Sysrec.Recording.LiddsLiveOptions(Path.Join(directory, "bench.zip"), scenario, CaptureInterface: null);
            using var output = new Sysrec.Recording.LiddsOutput(options, descriptors, StraceRenderer.DefaultSnaplen, capture: null);
            using RingBufferReader reader = ring.Reader(new CallPairing(output));
            reader.Drain();
            output.Flush();
            return output.Records;
        });
        Console.WriteLine($"  {"lidds",-6} {rate / 1e6,6:0.00} M calls/s    ({1e9 / rate,5:0.0} ns per call: the strace row's calls as --lidds's sysdig lines, deflated into the zip's .sc)");
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}

// The median rate of the runs: what one run handled, per second of it.
static double Median(Func<long> run)
{
    var rates = new List<double>();
    for (int i = 0; i < Repetitions; i++)
    {
        var clock = Stopwatch.StartNew();
        long handled = run();
        rates.Add(handled / clock.Elapsed.TotalSeconds);
    }
    rates.Sort();
    return rates[Repetitions / 2];
}
