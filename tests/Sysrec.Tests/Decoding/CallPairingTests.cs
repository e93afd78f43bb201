using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// The pairing of --decode's records into calls, on records laid out as the BPF program lays them out
/// (bpf/sysrec.h): each exit goes with its thread's enter, a call another thread's record interrupts is
/// said to be unfinished once, one that never returns is closed by its thread's exit, and entry captures
/// read again at the return take the place of the unreadable ones.
/// </summary>
public sealed class CallPairingTests
{
    private const long Getppid = 110, Read = 0, ExitGroup = 231, Openat = 257;

    [Fact]
    public void AnExitGoesWithItsThreadsEnter()
    {
        var sink = new Events();
        var pairing = new CallPairing(sink);

        pairing.Write(Enter(100, Read, 1_000, [3, 0x1000, 64]));
        pairing.Write(Exit(100, Read, 1_500, 5, new CaptureBuilder().Bytes(1, "hello"u8).ToArray()));

        Assert.Equal(["enter 100 read", "complete 100 read = 5 after 500 ns, args 3 4096 64, out \"hello\""], sink.Seen);
    }

    [Fact]
    public void AnotherThreadsRecordLeavesTheOpenCallUnfinishedOnce()
    {
        var sink = new Events();
        var pairing = new CallPairing(sink);

        pairing.Write(Enter(100, Read, 1_000));
        pairing.Write(Enter(101, Getppid, 1_100));
        pairing.Write(Exit(101, Getppid, 1_200, 100));
        pairing.Write(Exit(100, Read, 1_300, 0));

        Assert.Equal(["enter 100 read", "unfinished 100 read", "enter 101 getppid", "complete 101 getppid = 100 after 100 ns, args 0 0 0", "complete 100 read = 0 after 300 ns, args 0 0 0"], sink.Seen);
    }

    [Fact]
    public void ACallThatNeverReturnsIsClosedByItsThreadsExit()
    {
        var sink = new Events();
        var pairing = new CallPairing(sink);

        pairing.Write(Enter(100, ExitGroup, 1_000, [3]));
        pairing.Write(TaskExit(100, 1_100, 3 << 8));

        Assert.Equal(["enter 100 exit_group", "complete 100 exit_group never returned", "exit 100 code 3 signal 0"], sink.Seen);
    }

    [Fact]
    public void AnExitWithNoEnterIsCountedNotPassedOn()
    {
        var sink = new Events();
        var pairing = new CallPairing(sink);

        // A new child's first return, from the clone it did not enter.
        pairing.Write(Exit(102, 56, 1_000, 0));

        Assert.Empty(sink.Seen);
        Assert.Equal(1, pairing.UnpairedExits);
    }

    [Fact]
    public void AnEntryCaptureReadAgainAtTheReturnReplacesTheUnreadableOne()
    {
        var sink = new Events();
        var pairing = new CallPairing(sink);

        pairing.Write(Enter(100, Openat, 1_000, [unchecked((ulong)-100), 0x1000, 0], new CaptureBuilder().Unreadable(1, CaptureKind.String).ToArray()));
        pairing.Write(Exit(100, Openat, 1_100, 3, new CaptureBuilder()
            .Add(1, CaptureKind.String, "text.txt"u8, 8, (CaptureFlags)PendingCall.Retried).ToArray()));

        Assert.Equal("complete 100 openat = 3 after 100 ns, args 18446744073709551516 4096 0, in \"text.txt\"", sink.Seen[^1]);
    }

    [Fact]
    public void ASignalForAThreadInACallComesAfterTheCall()
    {
        var sink = new Events();
        var pairing = new CallPairing(sink);

        pairing.Write(Enter(100, 61, 1_000));
        pairing.Write(Signal(100, 1_050, 17));
        pairing.Write(Exit(100, 61, 1_100, 101));

        Assert.Equal(["enter 100 wait4", "complete 100 wait4 = 101 after 100 ns, args 0 0 0", "signal 100 17"], sink.Seen);
    }

    [Fact]
    public void PairingCallsAllocatesNothingOnceTheThreadIsKnown()
    {
        var pairing = new CallPairing(new Discard());
        byte[] enter = Enter(100, Read, 1_000, [3, 0x1000, 64]), exit = Exit(100, Read, 1_500, 5, new CaptureBuilder().Bytes(1, "hello"u8).ToArray());
        pairing.Write(enter);
        pairing.Write(exit);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            pairing.Write(enter);
            pairing.Write(exit);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // socketcall(SYS_SOCKET, args) with args read at entry; the i386 table's numbers.
    [Fact]
    public void AnI386SocketcallIsPairedAsTheCallItMakesWithTheArraysWordsAsItsArguments()
    {
        const long Socketcall = 102;
        var sink = new Events();
        var pairing = new CallPairing(sink);
        byte[] words = [.. new uint[] { 1, 1, 0, 0, 0, 0 }.SelectMany(BitConverter.GetBytes)];

        pairing.Write(Enter(100, Socketcall, 1_000, [1, 0xffb0_0000], new CaptureBuilder().Bytes(1, words).ToArray(), SyscallAbi.I386));
        pairing.Write(Exit(100, Socketcall, 1_500, 3, abi: SyscallAbi.I386));
        // One whose array could not be read stays socketcall.
        pairing.Write(Enter(100, Socketcall, 2_000, [1, 8], new CaptureBuilder().Unreadable(1, CaptureKind.Bytes).ToArray(), SyscallAbi.I386));
        pairing.Write(Exit(100, Socketcall, 2_500, -14, abi: SyscallAbi.I386));

        Assert.Equal(["enter 100 socket", "complete 100 socket = 3 after 500 ns, args 1 1 0",
            "enter 100 socketcall", "complete 100 socketcall = -14 after 500 ns, args 1 8 0"], sink.Seen);
    }

    private static byte[] Enter(int tid, long number, ulong at, ulong[]? args = null, byte[]? captures = null, SyscallAbi abi = SyscallAbi.Native)
    {
        var record = new EnterRecord { Header = Header(tid, number, at, DecodeRecordType.Enter, abi) };
        "sr_test"u8.CopyTo(record.Comm);
        (args ?? []).CopyTo(record.Args);
        return [.. Bytes(record), .. captures ?? []];
    }

    private static byte[] Exit(int tid, long number, ulong at, long ret, byte[]? captures = null, SyscallAbi abi = SyscallAbi.Native) =>
        [.. Bytes(new ExitRecord { Header = Header(tid, number, at, DecodeRecordType.Exit, abi), Ret = ret }), .. captures ?? []];

    private static byte[] TaskExit(int tid, ulong at, int code) =>
        Bytes(new TaskExitEvent { Header = Header(tid, 0, at, DecodeRecordType.TaskExit), ExitCode = code, GroupDead = 1 });

    private static byte[] Signal(int tid, ulong at, int signal)
    {
        var record = new SignalEvent { Header = Header(tid, 0, at, DecodeRecordType.Signal) };
        BitConverter.TryWriteBytes(record.Siginfo, signal);
        return Bytes(record);
    }

    private static DecodeHeader Header(int tid, long number, ulong at, DecodeRecordType type, SyscallAbi abi = SyscallAbi.Native) =>
        new() { TimestampNs = at, SyscallId = number, Pid = 100, Tid = (uint)tid, Type = type, Abi = abi };

    private static byte[] Bytes<T>(T record) where T : unmanaged
    {
        var bytes = new byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in record);
        return bytes;
    }

    // What the pairing handed on, one line each.
    private sealed class Events : IDecodedSink
    {
        public List<string> Seen { get; } = [];

        public void Enter(in DecodedCall call) => Seen.Add($"enter {call.Tid} {SyscallTable.Name(call.Abi, call.Number)}");

        public void Unfinished(in DecodedCall call) => Seen.Add($"unfinished {call.Tid} {SyscallTable.Name(call.Abi, call.Number)}");

        public void Complete(in DecodedCall call)
        {
            string name = SyscallTable.Name(call.Abi, call.Number)!;
            if (!call.Returned)
            {
                Seen.Add($"complete {call.Tid} {name} never returned");
                return;
            }
            var line = new StringBuilder($"complete {call.Tid} {name} = {call.Ret} after {call.ExitNs - call.EnterNs} ns, args {call.Arg(0)} {call.Arg(1)} {call.Arg(2)}");
            if (call.AtEntry.TryGet(1, out Capture entry) && !entry.Unreadable)
                line.Append($", in \"{Encoding.ASCII.GetString(entry.Data)}\"");
            if (call.AtExit.TryGet(1, out Capture exit))
                line.Append($", out \"{Encoding.ASCII.GetString(exit.Data)}\"");
            Seen.Add(line.ToString());
        }

        public void Fork(in ProcessFork fork) => Seen.Add($"fork {fork.ParentTid} {fork.ChildTid}");

        public void Exit(in ProcessExit exit) => Seen.Add($"exit {exit.Tid} code {exit.ExitCode} signal {exit.Signal}");

        public void Signal(in SignalDelivery signal) => Seen.Add($"signal {signal.Tid} {signal.Info.Signal}");
    }

    private sealed class Discard : IDecodedSink
    {
        public void Enter(in DecodedCall call)
        {
        }

        public void Unfinished(in DecodedCall call)
        {
        }

        public void Complete(in DecodedCall call)
        {
        }

        public void Fork(in ProcessFork fork)
        {
        }

        public void Exit(in ProcessExit exit)
        {
        }

        public void Signal(in SignalDelivery signal)
        {
        }
    }
}
