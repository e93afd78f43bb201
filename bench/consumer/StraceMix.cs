using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;

/// <summary>
/// The records <c>sysrec record --format strace</c> gets from the kernel for one process that opens a
/// file, reads it and writes what it read elsewhere, with a getppid loop's calls between: each call an
/// enter and an exit record with its captures as the kernel lays them out (CaptureKind), 32 bytes of each
/// buffer (-s 32) of text or of binary data, every fd one the fd table knows. The file opened is a real one in a directory of its
/// own, since the fd table resolves a path's symlinks as the kernel did.
/// </summary>
sealed class StraceMix : IDisposable
{
    public const int Pid = 4242;
    private const int ReadFd = 3, WriteFd = 4, Count = 4096;
    private const ulong Buffer = 0x7ffd_5e1c_2000, StatBuffer = 0x7ffd_5e1c_1f00;
    // S_IFREG | 0644.
    private const uint RegularFileMode = 0x81a4;
    // A call every 700 ns that takes 300 of them: a process making 1.4 M calls a second.
    private const ulong CallEveryNs = 700, CallTakesNs = 300;
    private static readonly int EnterSize = Unsafe.SizeOf<EnterRecord>(), ExitSize = Unsafe.SizeOf<ExitRecord>();

    private readonly string _directory = Directory.CreateTempSubdirectory("sysrec-consumer.").FullName;
    private readonly (byte[] Enter, byte[] Exit)[] _calls;

    /// <param name="binary">Buffers of binary data, as an ELF header read and zeros written (most bytes escaped), instead of text.</param>
    public StraceMix(bool binary)
    {
        File.WriteAllBytes(Path.Combine(_directory, "data.txt"), new byte[Count]);
        byte[] read = binary ? "\u007fELF\u0002\u0001\u0001\u0003\0\0\0\0\0\0\0\0\u0003\0>\0\u0001\0\0\0\u0010t\u0002\0\0\0\0\0"u8.ToArray()
            : "root:x:0:0:root:/root:/bin/bash\n"u8.ToArray();
        byte[] written = binary ? new byte[32] : "GET /index.html HTTP/1.1\r\nHost: "u8.ToArray();
        var calls = new List<(byte[], byte[])>
        {
            Call("openat", [unchecked((ulong)KernelConstants.AT_FDCWD), Buffer, KernelConstants.O_CLOEXEC], ReadFd, entry: String(1, "data.txt"u8), exit: OpenedFile(CaptureSet.ReturnValue)),
            Call("fstat", [ReadFd, StatBuffer], 0, exit: Item(1, CaptureKind.Bytes, Stat(), 144)),
        };
        for (int i = 0; i < 4; i++)
        {
            calls.Add(Call("read", [ReadFd, Buffer, Count], Count, exit: Item(1, CaptureKind.Bytes, read, Count, CaptureFlags.Truncated)));
            calls.Add(Call("write", [WriteFd, Buffer, Count], Count, entry: Item(1, CaptureKind.Bytes, written, Count, CaptureFlags.Truncated)));
        }
        calls.Add(Call("close", [ReadFd], 0));
        for (int i = 0; i < 5; i++)
            calls.Add(Call("getppid", [], 1));
        _calls = [.. calls];
    }

    /// <summary>The calls of one round of the mix.</summary>
    public int CallsPerRound => _calls.Length;

    /// <summary>The process's fd table as the recorder has it when its first record comes: the file written to, and the cwd.</summary>
    public void Seed(FdTracker tracker)
    {
        FdTable table = tracker.TableOf(Pid);
        table.Cwd = Encoding.UTF8.GetBytes(_directory);
        table.Set(0, FileDescription.ForDevice("/dev/null"u8.ToArray(), false, 1, 3), false);
        table.Set(1, FileDescription.ForDevice("/dev/null"u8.ToArray(), false, 1, 3), false);
        table.Set(2, FileDescription.ForDevice("/dev/null"u8.ToArray(), false, 1, 3), false);
        table.Set(WriteFd, FileDescription.ForPath(Encoding.UTF8.GetBytes(Path.Combine(_directory, "out.txt"))), false);
    }

    /// <summary>Record <paramref name="index"/>: call index/2's enter record, then its exit record, timed one call after the other.</summary>
    public byte[] At(int index)
    {
        (byte[] enter, byte[] exit) = _calls[index / 2 % _calls.Length];
        byte[] record = index % 2 == 0 ? enter : exit;
        ulong enteredNs = 1_000_000_000UL + (ulong)(index / 2) * CallEveryNs;
        BinaryPrimitives.WriteUInt64LittleEndian(record, index % 2 == 0 ? enteredNs : enteredNs + CallTakesNs);
        return record;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (byte[] Enter, byte[] Exit) Call(string name, ulong[] args, long ret, byte[]? entry = null, byte[]? exit = null)
    {
        if (!SyscallTable.TryNumber(SyscallAbi.Native, name, out long number))
            throw new InvalidOperationException($"no syscall {name}");
        var header = new DecodeHeader { SyscallId = number, Pid = Pid, Tid = Pid, Type = DecodeRecordType.Enter, Abi = SyscallAbi.Native };
        var entered = new EnterRecord { Header = header };
        args.CopyTo(entered.Args);
        Encoding.ASCII.GetBytes("bench_mix", entered.Comm);
        var exited = new ExitRecord { Header = header with { Type = DecodeRecordType.Exit }, Ret = ret };
        return (Concat(MemoryMarshal.AsBytes(new ReadOnlySpan<EnterRecord>(ref entered)), entry ?? []),
            Concat(MemoryMarshal.AsBytes(new ReadOnlySpan<ExitRecord>(ref exited)), exit ?? []));
    }

    private static byte[] Concat(ReadOnlySpan<byte> record, ReadOnlySpan<byte> captures) => [.. record, .. captures];

    // One capture item: its header (argument, kind, flags, element, length, full length), its payload, 0s to a multiple of 8.
    private static byte[] Item(int argument, CaptureKind kind, ReadOnlySpan<byte> payload, long fullLength, CaptureFlags flags = CaptureFlags.None)
    {
        var item = new byte[(CaptureSet.HeaderSize + payload.Length + 7) & ~7];
        item[0] = (byte)argument;
        item[1] = (byte)kind;
        item[2] = (byte)flags;
        BinaryPrimitives.WriteUInt32LittleEndian(item.AsSpan(4), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(item.AsSpan(8), (uint)fullLength);
        payload.CopyTo(item.AsSpan(CaptureSet.HeaderSize));
        return item;
    }

    private static byte[] String(int argument, ReadOnlySpan<byte> text) => Item(argument, CaptureKind.String, text, text.Length);

    // What the kernel reads of a regular file's fd: its inode and mode, not a socket.
    private static byte[] OpenedFile(int argument)
    {
        var target = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(target, 1_311_209);
        BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(8), RegularFileMode);
        return Item(argument, CaptureKind.FdTarget, target, target.Length);
    }

    // struct stat of x86_64: a regular file of 4 KiB, mode 0644.
    private static byte[] Stat()
    {
        var stat = new byte[144];
        BinaryPrimitives.WriteUInt64LittleEndian(stat.AsSpan(8), 1_311_209);
        BinaryPrimitives.WriteUInt64LittleEndian(stat.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(stat.AsSpan(24), RegularFileMode);
        BinaryPrimitives.WriteInt64LittleEndian(stat.AsSpan(48), Count);
        BinaryPrimitives.WriteInt64LittleEndian(stat.AsSpan(56), 4096);
        BinaryPrimitives.WriteInt64LittleEndian(stat.AsSpan(64), 8);
        return stat;
    }
}
