using System.Buffers.Binary;
using System.Text;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Streaming;

/// <summary>
/// One message on the stream: a batch of records of one recorder, in the order it read them. Little-endian:
/// <code>
/// header  "SRB1"  u16 header_length  u8 flags (1 args, 2 exit)  u8 host_length
///         boot_id[16]  u64 start_ns  u64 first_seq  u32 count  u32 record_length  host[host_length]
///         u64 clock_monotonic_ns  u64 clock_realtime_ns
/// record  u64 ts_ns  u32 pid  u32 tid  u32 abi (0 native, 1 i386)  u32 0  i64 nr  comm[16]
///         u64 args[6]  i64 ret  u64 dur_ns  u32 uid  u32 gid  u64 cgroup_id
///                                             (128 bytes; args, ret, dur_ns zero unless flagged)
/// </code>
/// A batch of 112-byte records (a recorder older than uid, gid and cgroup_id) reads with those zero. The
/// two clocks are the recorder's, read together when it started (<see cref="RecorderClocks"/>): what turns
/// its records' CLOCK_MONOTONIC times into Unix time, which a collector on another machine cannot
/// know from its own clocks; a header without them (an older recorder) has no <see cref="Header.Clock"/>.
/// Record i's id is (boot_id, start_ns, first_seq + i): a recorder numbers its records 0, 1, 2, ... and
/// publishes them in that order, so a collector keeps a record only if its sequence is past the last it kept.
/// Readers skip header bytes past those they know and take record_length from the header, so fields
/// can be added at the end of either.
/// </summary>
internal static class RecordBatch
{
    public const int RecordLength = 128;

    /// <summary>The records of a recorder from before the identity fields.</summary>
    private const int RecordLengthWithoutIdentity = 112;
    public const int MaxHostLength = 64;
    public const byte ArgsFlag = 1;
    public const byte ExitFlag = 2;

    private const int FixedHeaderLength = 48;
    private const int ClockLength = 16;
    private static ReadOnlySpan<byte> Magic => "SRB1"u8;

    public static int HeaderLength(string host) => FixedHeaderLength + Encoding.ASCII.GetByteCount(host) + ClockLength;

    /// <summary>Writes the header of a batch of <paramref name="count"/> records starting at <paramref name="firstSequence"/>.</summary>
    public static void WriteHeader(Span<byte> batch, RecorderId recorder, RecorderClocks clock, byte flags, ulong firstSequence, int count, ReadOnlySpan<byte> host)
    {
        Magic.CopyTo(batch);
        BinaryPrimitives.WriteUInt16LittleEndian(batch[4..], (ushort)(FixedHeaderLength + host.Length + ClockLength));
        batch[6] = flags;
        batch[7] = (byte)host.Length;
        // In the order the kernel's text spells it out, not .NET's own layout of a Guid.
        recorder.BootId.TryWriteBytes(batch[8..24], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64LittleEndian(batch[24..], recorder.StartNs);
        BinaryPrimitives.WriteUInt64LittleEndian(batch[32..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(batch[40..], (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(batch[44..], RecordLength);
        host.CopyTo(batch[FixedHeaderLength..]);
        BinaryPrimitives.WriteUInt64LittleEndian(batch[(FixedHeaderLength + host.Length)..], clock.MonotonicNs);
        BinaryPrimitives.WriteUInt64LittleEndian(batch[(FixedHeaderLength + host.Length + 8)..], clock.RealtimeNs);
    }

    /// <summary>Writes one record; the ring buffer's record holds args and the return only when the flags say so.</summary>
    public static void WriteRecord(Span<byte> destination, in SyscallRecord record, byte flags)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, record.TimestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], record.Pid);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], record.Tid);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)record.Abi);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], record.SyscallId);
        ((ReadOnlySpan<byte>)record.Comm).CopyTo(destination[32..48]);
        Span<byte> rest = destination[48..RecordLengthWithoutIdentity];
        rest.Clear();
        if ((flags & ArgsFlag) != 0)
            for (int i = 0; i < 6; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(rest[(8 * i)..], record.Args[i]);
        if ((flags & ExitFlag) != 0)
        {
            BinaryPrimitives.WriteInt64LittleEndian(rest[48..], record.Ret);
            BinaryPrimitives.WriteUInt64LittleEndian(rest[56..], record.DurationNs);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination[112..], record.Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[116..], record.Gid);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[120..], record.CgroupId);
    }

    /// <summary>The id of the batch as a whole, JetStream's Nats-Msg-Id: a retried publish of it is stored once.</summary>
    public static string MessageId(ReadOnlySpan<byte> batch) =>
        TryRead(batch, out Header header, out _)
            ? $"{header.Recorder.BootId:N}-{header.Recorder.StartNs}-{header.FirstSequence}"
            : throw new ArgumentException("not a record batch", nameof(batch));

    /// <param name="Clock">The recorder's clocks; null for a recorder older than them.</param>
    internal readonly record struct Header(RecorderId Recorder, byte Flags, ulong FirstSequence, int Count, int RecordLength, int Length, RecorderClocks? Clock);

    /// <summary>Reads a batch's header, or says what is wrong with it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> batch, out Header header, out string error)
    {
        header = default;
        if (batch.Length < FixedHeaderLength || !batch[..4].SequenceEqual(Magic))
        {
            error = "not a sysrec record batch";
            return false;
        }
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(batch[4..]);
        int hostLength = batch[7];
        int count = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(batch[40..]), int.MaxValue);
        int recordLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(batch[44..]), int.MaxValue);
        if (headerLength < FixedHeaderLength + hostLength || recordLength < RecordLengthWithoutIdentity || (long)headerLength + (long)count * recordLength != batch.Length)
        {
            error = "a record batch whose lengths do not add up";
            return false;
        }
        ReadOnlySpan<byte> host = batch.Slice(FixedHeaderLength, hostLength);
        if (!HostName.IsValid(host))
        {
            error = "a record batch with an invalid host name";
            return false;
        }
        RecorderClocks? clock = headerLength >= FixedHeaderLength + hostLength + ClockLength
            ? new RecorderClocks(BinaryPrimitives.ReadUInt64LittleEndian(batch[(FixedHeaderLength + hostLength)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(batch[(FixedHeaderLength + hostLength + 8)..]))
            : null;
        header = new Header(
            new RecorderId(Encoding.ASCII.GetString(host), new Guid(batch[8..24], bigEndian: true), BinaryPrimitives.ReadUInt64LittleEndian(batch[24..])),
            batch[6], BinaryPrimitives.ReadUInt64LittleEndian(batch[32..]), count, recordLength, headerLength, clock);
        error = "";
        return true;
    }

    /// <summary>Record <paramref name="index"/> of a batch whose header was read, as the ring buffer would have held it.</summary>
    public static SyscallRecord ReadRecord(ReadOnlySpan<byte> batch, in Header header, int index)
    {
        ReadOnlySpan<byte> source = batch.Slice(header.Length + index * header.RecordLength, Math.Min(header.RecordLength, RecordLength));
        var record = new SyscallRecord
        {
            TimestampNs = BinaryPrimitives.ReadUInt64LittleEndian(source),
            Pid = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Tid = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Abi = (SyscallAbi)BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            SyscallId = BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            Ret = BinaryPrimitives.ReadInt64LittleEndian(source[96..]),
            DurationNs = BinaryPrimitives.ReadUInt64LittleEndian(source[104..]),
        };
        if (source.Length >= RecordLength)
        {
            record.Uid = BinaryPrimitives.ReadUInt32LittleEndian(source[112..]);
            record.Gid = BinaryPrimitives.ReadUInt32LittleEndian(source[116..]);
            record.CgroupId = BinaryPrimitives.ReadUInt64LittleEndian(source[120..]);
        }
        source[32..48].CopyTo(record.Comm);
        for (int i = 0; i < 6; i++)
            record.Args[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(48 + 8 * i)..]);
        return record;
    }
}
