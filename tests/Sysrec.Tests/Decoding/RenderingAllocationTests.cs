using Sysrec.Decoding;
using Sysrec.Syscalls;
using static Sysrec.Tests.Decoding.Structs;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// The reader renders every record, so rendering a call into a buffer allocates nothing once the tables
/// are loaded and the fds named: whole lines, split ones, failures, structs, sockets and strings. (Calls
/// that make or close an fd change the table, which holds what it learns, and are left out.)
/// </summary>
public sealed class RenderingAllocationTests
{
    private const ulong Buffer = 0x7ffd5e1c2000, Struct = 0x7ffd5e1c1f00;

    [Fact]
    public void RenderingAMixOfCallsAllocatesNothing()
    {
        var tracker = new FdTracker();
        FdTable table = tracker.TableOf(100);
        table.Cwd = "/tmp/work"u8.ToArray();
        table.Set(3, FileDescription.ForPath("/tmp/work/text.txt"u8.ToArray()), false);
        table.Set(4, FileDescription.ForSocket(InetSocket(7, 2, 1, 6, [127, 0, 0, 1], 42491, [127, 0, 0, 1], 56014)), false);
        table.Set(5, FileDescription.ForPipe(1434139), false);
        var lines = new StraceLineWriter(new StraceRenderer(32, tracker), pidPrefix: true, TimestampStyle.Microseconds, durations: true, 0, TimeZoneInfo.Utc);
        byte[] text = "line one\n\ttabbed \"quoted\" back\\slash\r\n0123456789"u8.ToArray();
        TestCall[] calls =
        [
            TestCall.Of("read", 3, Buffer, 100).Returning(46).Out(c => c.Bytes(1, text.AsSpan(0, 32), 46)),
            TestCall.Of("write", 4, Buffer, 18).Returning(18).In(c => c.Bytes(1, "GET / HTTP/1.0\r\n\r\n"u8)),
            TestCall.Of("openat", 0xffffffffffffff9c, Buffer, 0).Returning(-2).In(c => c.String(1, "missing.txt")),
            TestCall.Of("newfstatat", 3, Buffer, Struct, 0x1000).Returning(0).In(c => c.String(1, "")).Out(c => c.Bytes(2, Stat(RegularFile | 0x1a4, 200))),
            TestCall.Of("writev", 5, Struct, 2).Returning(12).In(c => c.Iovecs(1, [(Buffer, 6, "hello "u8.ToArray()), (Buffer + 8, 6, "world\n"u8.ToArray())])),
            TestCall.Of("recvmsg", 4, Struct, 0).Returning(6).Out(c => c.Msghdr(1, [], 0, 0, [(Buffer, 8, "onetwo"u8.ToArray())], 1, [], 0, 0)),
            TestCall.Of("connect", 4, Struct, 16).Returning(0).In(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(80, 127, 0, 0, 1), 16)),
            TestCall.Of("poll", Struct, 2, 100).Returning(1)
                .In(c => c.Add(0, CaptureKind.Array, Pollfds((3, 1, 0), (4, 1, 0)), 16)).Out(c => c.Add(0, CaptureKind.Array, Pollfds((3, 1, 1), (4, 1, 0)), 16)),
            // An exec that failed: one that succeeds gives the process a table of its own.
            TestCall.Of("execve", Buffer, Struct, Struct + 64).Returning(-2)
                .In(c => c.String(0, "/bin/sh").Strings(1, 3, [("/bin/sh"u8.ToArray(), false), ("-c"u8.ToArray(), false), ("exit 0"u8.ToArray(), false)]).Strings(2, 43, [])),
            TestCall.Of("rt_sigaction", 13, Struct, Struct + 64, 8).Returning(0)
                .In(c => c.Bytes(1, Sigaction(1, 0x14000000, 0x7f1c2a03c050, 13))).Out(c => c.Bytes(2, Sigaction(0, 0, 0))),
            TestCall.Of("clone", 0x1200011, 0, 0, 0x7f1c2a200a10, 0).Returning(23617),
            TestCall.Of("futex", 0x7f1c29fff990, 0x109, 23617, 0, 0, 0xffffffff).Returning(0),
            TestCall.Of("mmap", 0, 8192, 3, 0x22, 0xffffffff, 0).Returning(0x7f1c2a000000),
            TestCall.Of("wait4", 23617, Buffer, 0, 0).Returning(23617).Out(c => c.Int(1, 3 << 8)),
            TestCall.Of("clock_gettime", 0, Struct).Returning(0).Out(c => c.Bytes(1, Longs(1796128931, 858489545))),
            TestCall.Of("getrandom", Buffer, 8, 1).Returning(8).Out(c => c.Bytes(0, Longs(0x0a758a3d165371e8))),
            TestCall.Of("read", 5, Buffer, 64) with { Returned = false },
            new TestCall { Number = 999, Args = [1, 2, 0, 0, 0, 0], Ret = -38 },
        ];
        (TestCall Call, byte[] Entry, byte[] Exit)[] records = [.. calls.Select(call => (call, call.Entry.ToArray(), call.Exit.ToArray()))];
        byte[] output = new byte[1 << 16];

        RenderAll(lines, records, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
            RenderAll(lines, records, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Each call as a whole line and as an unfinished line and its resumption, as the reader would write them.
    private static void RenderAll(StraceLineWriter lines, (TestCall Call, byte[] Entry, byte[] Exit)[] records, byte[] output)
    {
        var writer = new Utf8SpanWriter(output);
        foreach ((TestCall call, byte[] entry, byte[] exit) in records)
        {
            var decoded = new DecodedCall
            {
                Abi = SyscallAbi.Native,
                Number = call.Number,
                Pid = 100,
                Tid = 100,
                Comm = "test"u8,
                EnterNs = call.EnterNs,
                ExitNs = call.ExitNs,
                Returned = call.Returned,
                Ret = call.Ret,
                Args = call.Args,
                AtEntry = new CaptureSet(entry),
                AtExit = new CaptureSet(exit),
            };
            lines.WriteCall(ref writer, decoded);
            lines.WriteUnfinished(ref writer, decoded);
            lines.WriteResumed(ref writer, decoded);
        }
        Assert.False(writer.Overflowed);
    }
}
