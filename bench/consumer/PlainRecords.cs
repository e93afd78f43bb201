using System.Runtime.InteropServices;
using Sysrec.Kernel;
using Sysrec.Syscalls;

/// <summary>
/// Records as <c>sysrec record</c> captures them without --decode, of random calls, processes and
/// commands: the first <c>recordSize</c> bytes of each (text takes them without arguments, jsonl with).
/// </summary>
sealed class PlainRecords(int recordSize)
{
    private static readonly string[] Comms = ["bash", "sshd", "python3", "nginx: worker", "kworker/u4:2"];
    private readonly Random _random = new(1);

    public unsafe byte[] At(int index)
    {
        var record = new SyscallRecord
        {
            TimestampNs = 1_000_000_000UL + (ulong)index * 731,
            SyscallId = _random.Next(0, 335),
            Pid = (uint)_random.Next(1, 4_000_000),
            Abi = SyscallAbi.Native,
        };
        record.Tid = record.Pid;
        // As a read(2) has them: a descriptor, a buffer's address, a length.
        record.Args[0] = (ulong)_random.Next(0, 64);
        record.Args[1] = 0x7ffd_0000_0000UL + (ulong)_random.Next();
        record.Args[2] = (ulong)_random.Next(0, 1 << 16);
        System.Text.Encoding.ASCII.GetBytes(Comms[index % Comms.Length], record.Comm);
        return new ReadOnlySpan<byte>(&record, recordSize).ToArray();
    }
}
