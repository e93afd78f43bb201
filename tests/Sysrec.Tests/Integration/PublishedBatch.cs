using System.Buffers.Binary;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Sysrec.Tests.Integration;

/// <summary>One record of a batch, each field as the README's layout gives it.</summary>
internal sealed record PublishedRecord(ulong TsNs, uint Pid, uint Tid, uint Abi, uint Padding, long Nr, string Comm, ulong[] Args, long Ret, ulong DurNs,
    uint Uid, uint Gid, ulong CgroupId);

/// <summary>
/// A message of the stream as a recorder published it, decoded at the offsets README.md documents with
/// plain byte reads, apart from the product's reader: what collect was given, to compare its dataset with.
/// </summary>
internal sealed record PublishedBatch(string Subject, string? MessageId, int Length, int HeaderLength, byte Flags, string BootId, ulong StartNs,
    ulong FirstSequence, int RecordLength, string Host, List<PublishedRecord> Records, ulong? ClockMonotonicNs, ulong? ClockRealtimeNs)
{
    /// <summary>The recorder's CLOCK_REALTIME minus CLOCK_MONOTONIC, which turns its times into Unix time.</summary>
    public long ClockOffsetNs => (long)(ClockRealtimeNs!.Value - ClockMonotonicNs!.Value);

    /// <summary>Every message the stream holds, in its order, read by a consumer of the test's own that leaves collect's alone.</summary>
    public static List<PublishedBatch> ReadStream(string url, string stream) => Task.Run(async () =>
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = url });
        var js = new NatsJSContext(connection);
        INatsJSStream info = await js.GetStreamAsync(stream);
        long count = info.Info.State.Messages;
        INatsJSConsumer consumer = await js.CreateOrderedConsumerAsync(stream);
        var batches = new List<PublishedBatch>();
        while (batches.Count < count)
        {
            await foreach (NatsJSMsg<byte[]> message in consumer.FetchAsync(
                new NatsJSFetchOpts { MaxMsgs = (int)(count - batches.Count), Expires = TimeSpan.FromSeconds(5) }, NatsRawSerializer<byte[]>.Default))
            {
                string? id = message.Headers is { } headers && headers.TryGetValue("Nats-Msg-Id", out var value) ? value.ToString() : null;
                batches.Add(Decode(message.Subject, id, message.Data!));
            }
        }
        return batches;
    }).GetAwaiter().GetResult();

    public static PublishedBatch Decode(string subject, string? messageId, byte[] message)
    {
        Assert.Equal("SRB1"u8.ToArray(), message[..4]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4));
        byte flags = message[6];
        int hostLength = message[7];
        // The kernel's boot id is 16 bytes, which its text spells out in order.
        string bootId = Convert.ToHexStringLower(message.AsSpan(8, 16));
        ulong startNs = BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(24));
        ulong firstSequence = BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(32));
        int count = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(40)));
        int recordLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(44)));
        string host = Encoding.ASCII.GetString(message, 48, hostLength);
        bool clocks = headerLength >= 48 + hostLength + 16;
        ulong? monotonic = clocks ? BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(48 + hostLength)) : null;
        ulong? realtime = clocks ? BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(48 + hostLength + 8)) : null;
        var records = new List<PublishedRecord>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> r = message.AsSpan(headerLength + i * recordLength, recordLength);
            ReadOnlySpan<byte> comm = r.Slice(32, 16);
            int end = comm.IndexOf((byte)0);
            records.Add(new PublishedRecord(
                BinaryPrimitives.ReadUInt64LittleEndian(r), BinaryPrimitives.ReadUInt32LittleEndian(r[8..]), BinaryPrimitives.ReadUInt32LittleEndian(r[12..]),
                BinaryPrimitives.ReadUInt32LittleEndian(r[16..]), BinaryPrimitives.ReadUInt32LittleEndian(r[20..]), BinaryPrimitives.ReadInt64LittleEndian(r[24..]),
                Encoding.ASCII.GetString(end < 0 ? comm : comm[..end]),
                Args(r[48..96]),
                BinaryPrimitives.ReadInt64LittleEndian(r[96..]), BinaryPrimitives.ReadUInt64LittleEndian(r[104..]),
                BinaryPrimitives.ReadUInt32LittleEndian(r[112..]), BinaryPrimitives.ReadUInt32LittleEndian(r[116..]), BinaryPrimitives.ReadUInt64LittleEndian(r[120..])));
        }
        return new PublishedBatch(subject, messageId, message.Length, headerLength, flags, bootId, startNs, firstSequence, recordLength, host, records, monotonic, realtime);
    }

    private static ulong[] Args(ReadOnlySpan<byte> registers)
    {
        var args = new ulong[6];
        for (int i = 0; i < 6; i++)
            args[i] = BinaryPrimitives.ReadUInt64LittleEndian(registers[(8 * i)..]);
        return args;
    }
}
