using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Sysrec.Streaming;
using Sysrec.Kernel;
using Sysrec.Syscalls;

// Publishes what HOSTS recorders would have: each its own record ids, its batches of 2,048 records in
// order on sysrec.GROUP.HOST (hosts alternate between groups a and b, so that two collectors can split
// the fleet), 40 processes a host making a mix of syscalls with arguments. Many batches are in flight
// at once, as the stream takes them from many hosts; each host's stay in order because a host's
// batches are published one after another.
// Usage: Sysrec.FleetBench URL HOSTS RECORDS_PER_HOST [CA_FILE]
if (args.Length is < 3 or > 4)
{
    Console.Error.WriteLine("usage: Sysrec.FleetBench URL HOSTS RECORDS_PER_HOST [CA_FILE]");
    return 2;
}
string url = args[0];
int hosts = int.Parse(args[1]);
long recordsPerHost = long.Parse(args[2]);
const int RecordsPerBatch = 2048;
string[] comms = ["nginx", "postgres", "python3", "sshd", "java", "node", "systemd-journal", "bash"];
long[] syscalls = [0, 1, 3, 9, 17, 20, 39, 44, 45, 202, 232, 257, 262, 281];

await using var connection = new NatsConnection(NatsOpts.Default with
{
    Url = url,
    Name = "sysrec fleet bench",
    TlsOpts = args.Length == 4 ? new NatsTlsOpts { Mode = TlsMode.Require, CaFile = args[3] } : NatsTlsOpts.Default,
    RequestTimeout = TimeSpan.FromSeconds(30),
});
var stream = new NatsJSContext(connection);
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, hosts).Select(host => Task.Run(() => PublishHost(host))));
Console.WriteLine($"published {hosts * recordsPerHost} records of {hosts} hosts in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;

async Task PublishHost(int index)
{
    string host = $"h{index:D4}";
    var recorder = new RecorderId(host, Guid.NewGuid(), 1_700_000_000_000_000_000UL + (ulong)index);
    byte[] hostBytes = System.Text.Encoding.ASCII.GetBytes(host);
    int headerLength = RecordBatch.HeaderLength(host);
    byte[] batch = new byte[headerLength + RecordsPerBatch * RecordBatch.RecordLength];
    var random = new Random(index);
    ulong timestamp = 1_000_000_000;
    for (long first = 0; first < recordsPerHost; first += RecordsPerBatch)
    {
        int count = (int)Math.Min(RecordsPerBatch, recordsPerHost - first);
        for (int i = 0; i < count; i++)
        {
            int process = random.Next(40);
            var record = new SyscallRecord
            {
                TimestampNs = timestamp += (ulong)random.Next(200, 5000),
                SyscallId = syscalls[random.Next(syscalls.Length)],
                Pid = (uint)(1000 + process),
                Tid = (uint)(1000 + process),
                Abi = SyscallAbi.Native,
            };
            System.Text.Encoding.ASCII.GetBytes(comms[process % comms.Length], record.Comm);
            for (int arg = 0; arg < 6; arg++)
                record.Args[arg] = arg < 3 ? (ulong)random.NextInt64(0, 1L << 47) : 0;
            RecordBatch.WriteRecord(batch.AsSpan(headerLength + i * RecordBatch.RecordLength), record, RecordBatch.ArgsFlag);
        }
        RecordBatch.WriteHeader(batch, recorder, new RecorderClocks(0, recorder.StartNs), RecordBatch.ArgsFlag, (ulong)first, count, hostBytes);
        ReadOnlyMemory<byte> message = batch.AsMemory(0, headerLength + count * RecordBatch.RecordLength);
        var ack = await stream.PublishAsync($"sysrec.{(index % 2 == 0 ? "a" : "b")}.{host}", message, NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
            new NatsJSPubOpts { MsgId = RecordBatch.MessageId(message.Span) });
        ack.EnsureSuccess();
    }
}
