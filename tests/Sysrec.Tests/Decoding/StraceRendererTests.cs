using System.Text;
using Sysrec.Decoding;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Decoding;

/// <summary>The renderer on calls built by hand, for the forms strace prints that the workloads do not reach easily.</summary>
public sealed class StraceRendererTests
{
    private const ulong AtFdcwd = 0xffffff9c;

    [Fact]
    public void OpenatNamesItsDirfdAndItsResult()
    {
        TestCall call = TestCall.Of("openat", AtFdcwd, 0x1000, 0x80000) with { Ret = 3 };
        call.Entry.String(1, "/etc/passwd"u8);
        var names = new FixedNames().Cwd("</tmp>").After(3, "</etc/passwd>");

        Assert.Equal("openat(AT_FDCWD</tmp>, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>", call.Render(descriptors: names));
        Assert.Equal(1, names.Applied);
    }

    [Fact]
    public void AThirtyTwoBitIntIsSignedWhateverTheUpperHalfOfTheRegister()
    {
        TestCall call = TestCall.Of("openat", 0x00000000ffffff9c, 0x1000, 0x241, 0x1a4) with { Ret = -2 };
        call.Entry.String(1, "x"u8);
        Assert.Equal("openat(AT_FDCWD, \"x\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 ENOENT (No such file or directory)", call.Render());
    }

    // The ia32 wrappers take a 64-bit offset in two registers, low half first.
    [Fact]
    public void AnI386CallsSixtyFourBitArgumentInTwoRegistersIsOneNumber()
    {
        TestCall pread = TestCall.Of(SyscallAbi.I386, "pread64", 3, 0xffb0_0000, 5, 5, 1) with { Ret = 5 };
        pread.Exit.Bytes(1, "hello"u8);
        Assert.Equal("pread64(3, \"hello\", 5, 4294967301) = 5", pread.Render());

        TestCall fadvise = TestCall.Of(SyscallAbi.I386, "fadvise64", 3, 0, 1, 4096, 2);
        Assert.Equal("fadvise64(3, 4294967296, 4096, POSIX_FADV_SEQUENTIAL) = 0", fadvise.Render());
    }

    // _llseek(fd, offset_high, offset_low, result, whence).
    [Fact]
    public void LlseekPrintsItsOffsetWholeAndTheResultItWrote()
    {
        TestCall seek = TestCall.Of(SyscallAbi.I386, "_llseek", 3, 1, 2, 0xffb9_5390, 0);
        seek.Exit.Bytes(3, BitConverter.GetBytes(0x1_0000_0002L));
        Assert.Equal("_llseek(3, 4294967298, [4294967298], SEEK_SET) = 0", seek.Render());

        TestCall failed = TestCall.Of(SyscallAbi.I386, "_llseek", 99, 0, 0, 0xffb9_5390, 2) with { Ret = -9 };
        Assert.Equal("_llseek(99, 0, 0xffb95390, SEEK_END) = -1 EBADF (Bad file descriptor)", failed.Render());
    }

    // i386's sigaction and sigprocmask, whose mask is one word: old_sigaction is handler, mask, flags, restorer.
    [Fact]
    public void TheOldSigactionAndSigprocmaskOfI386PrintTheirOneWordMasks()
    {
        byte[] action = [.. new uint[] { 1, 1u << (10 - 1), 0, 0 }.SelectMany(BitConverter.GetBytes)];
        TestCall sigaction = TestCall.Of(SyscallAbi.I386, "sigaction", 12, 0xffb0_0000, 0xffb0_0000);
        sigaction.Entry.Bytes(1, action);
        sigaction.Exit.Bytes(2, new byte[16]);
        Assert.Equal("sigaction(SIGUSR2, {sa_handler=SIG_IGN, sa_mask=[USR1], sa_flags=0}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}) = 0", sigaction.Render());

        TestCall sigprocmask = TestCall.Of(SyscallAbi.I386, "sigprocmask", 0, 0xffb0_0000, 0xffb0_0010);
        sigprocmask.Entry.Bytes(1, BitConverter.GetBytes(1u));
        sigprocmask.Exit.Bytes(2, BitConverter.GetBytes(1u << (15 - 1)));
        Assert.Equal("sigprocmask(SIG_BLOCK, [HUP], [TERM]) = 0", sigprocmask.Render());
    }

    [Fact]
    public void AnUnreadablePathAndAFailedReadsBufferAreAddresses()
    {
        TestCall open = TestCall.Of("openat", AtFdcwd, 8, 0) with { Ret = -14 };
        open.Entry.Unreadable(1, CaptureKind.String);
        Assert.Equal("openat(AT_FDCWD, 0x8, O_RDONLY) = -1 EFAULT (Bad address)", open.Render());

        TestCall read = TestCall.Of("read", 99, 0x7ffd55c7bcc0, 10) with { Ret = -9 };
        Assert.Equal("read(99, 0x7ffd55c7bcc0, 10) = -1 EBADF (Bad file descriptor)", read.Render());
    }

    [Fact]
    public void ReadShowsWhatItReadCutAtTheLimit()
    {
        TestCall read = TestCall.Of("read", 3, 0x1000, 100) with { Ret = 100 };
        read.Exit.Bytes(1, Encoding.ASCII.GetBytes(" \"quoted\" back\\slash\r\n0123456789"), 100);
        Assert.Equal("read(3, \" \\\"quoted\\\" back\\\\slash\\r\\n0123456789\"..., 100) = 100", read.Render());
        Assert.Equal("read(3, \"\"..., 100) = 100", read.Render(snaplen: 0));
    }

    [Fact]
    public void ACallThatNeverReturnedHasAQuestionMark()
    {
        Assert.Equal("exit_group(0) = ?", (TestCall.Of("exit_group", 0) with { Returned = false }).Render());
        Assert.Equal("read(3,  <unfinished ...>) = ?", (TestCall.Of("read", 3, 0x1000, 8) with { Returned = false }).Render());
    }

    [Fact]
    public void AnUnknownNumberIsPrintedWithItsRegisters() =>
        Assert.Equal("syscall_0x3e7(0x1, 0x2, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)",
            new TestCall { Number = 999, Args = [1, 2, 0, 0, 0, 0], Ret = -38 }.Render());

    [Fact]
    public void AnUnfinishedCallStopsWhereStraceStopsAndResumesWithTheRest()
    {
        TestCall wait = TestCall.Of("wait4", 23617, 0x7ffe9514379c, 0, 0) with { Ret = 23617 };
        wait.Exit.Int(1, 0);
        var renderer = new StraceRenderer(32, null);
        Assert.Equal("wait4(23617,  <unfinished ...>", wait.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteUnfinished(ref w, call)));
        Assert.Equal("<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL)", wait.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteResumed(ref w, call)));

        TestCall kill = TestCall.Of("kill", 23615, 9) with { Ret = 0 };
        Assert.Equal("kill(23615, SIGKILL <unfinished ...>", kill.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteUnfinished(ref w, call)));
        Assert.Equal("<... kill resumed>)", kill.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteResumed(ref w, call)));

        TestCall clone = TestCall.Of("clone", 0x1200011, 0, 0, 0x7f74bf3b6a10, 0) with { Ret = 23617 };
        Assert.Equal("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>", clone.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteUnfinished(ref w, call)));
        Assert.Equal("<... clone resumed>, child_tidptr=0x7f74bf3b6a10)", clone.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteResumed(ref w, call)));

        // clone3 prints its struct at entry, and what the kernel wrote back with the size at exit.
        TestCall clone3 = TestCall.Of("clone3", 0x7ffe1000, 88).Returning(7)
            .In(c => c.Bytes(0, Structs.CloneArgs(0x100100, 0, 0, 0x7f00, 0, 0, 0, 0)));
        Assert.Equal("clone3({flags=CLONE_VM|CLONE_PARENT_SETTID, parent_tid=0x7f00, exit_signal=0, stack=NULL, stack_size=0} <unfinished ...>",
            clone3.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteUnfinished(ref w, call)));
        Assert.Equal("<... clone3 resumed> => {parent_tid=[7]}, 88)", clone3.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteResumed(ref w, call)));
        Assert.Equal("clone3({flags=CLONE_VM|CLONE_PARENT_SETTID, parent_tid=0x7f00, exit_signal=0, stack=NULL, stack_size=0} => {parent_tid=[7]}, 88) = 7",
            clone3.Render(renderer));
    }

    [Fact]
    public void ArgumentsPrintedAtExitNameTheFdsTheCallMade()
    {
        // strace prints pipe's fds at exit, from /proc as it is then: the new fds are named.
        TestCall pipe = TestCall.Of("pipe2", 0x7ffe76849e88, 0).Returning(0).Out(c => c
            .Add(0, CaptureKind.Array, Structs.Ints(3, 4), 8)
            .FdTarget(0, Structs.Pipe(1434139), 0)
            .FdTarget(0, Structs.Pipe(1434139), 1));
        Assert.Equal("pipe2([3<pipe:[1434139]>, 4<pipe:[1434139]>], 0) = 0", pipe.Render(descriptors: new FdTracker()));
        // ... while those printed at entry are named as they were before it.
        var names = new FixedNames().Fd(3, "</old>").After(3, "</new>");
        TestCall dup = TestCall.Of("dup2", 4, 3).Returning(3);
        Assert.Equal("dup2(4, 3</old>) = 3</new>", dup.Render(descriptors: names));
    }

    [Fact]
    public void ASocketKeepsTheTextStraceFirstPrintedOnceTheKernelListedIt()
    {
        // strace 6.1: socket(AF_UNIX, ...) = 4<UNIX-STREAM:[1712538]>, then after connect still 4<UNIX-STREAM:[1712538]>;
        // a TCP socket is not listed until bound, so its text changes: 3<TCP:[1434109]>, then 3<TCP:[127.0.0.1:42491]>.
        var tracker = new FdTracker();
        string Render(TestCall call) => (call with { Pid = 7, Tid = 7 }).Render(descriptors: tracker);
        Assert.Equal("socket(AF_UNIX, SOCK_STREAM, 0) = 4<UNIX-STREAM:[1712538]>",
            Render(TestCall.Of("socket", 1, 1, 0).Returning(4).Out(c => c.FdTarget(CaptureSet.ReturnValue, Structs.UnixSocket(1712538, 1)))));
        Render(TestCall.Of("connect", 4, 0x1000, 7).Returning(0).In(c => c.Add(1, CaptureKind.Sockaddr, Structs.SockaddrUn("\0sock").AsSpan(0, 7), 7))
            .Out(c => c.FdTarget(0, Structs.UnixSocket(1712538, 1, peer: 1712539))));
        Assert.Equal("close(4<UNIX-STREAM:[1712538]>) = 0", Render(TestCall.Of("close", 4).Returning(0)));

        byte[] loopback = [127, 0, 0, 1];
        Assert.Equal("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[1434109]>",
            Render(TestCall.Of("socket", 2, 1, 0).Returning(3).Out(c => c.FdTarget(CaptureSet.ReturnValue, Structs.InetSocket(1434109, 2, 1, 6)))));
        Render(TestCall.Of("bind", 3, 0x1000, 16).Returning(0).In(c => c.Add(1, CaptureKind.Sockaddr, Structs.SockaddrIn(0, loopback), 16))
            .Out(c => c.FdTarget(0, Structs.InetSocket(1434109, 2, 1, 6, loopback, 42491))));
        Assert.Equal("listen(3<TCP:[127.0.0.1:42491]>, 8) = 0", Render(TestCall.Of("listen", 3, 8).Returning(0)));
    }

    [Fact]
    public void ACallThatNeverReturnedResumesAsStraceEndsIt()
    {
        var renderer = new StraceRenderer(32, null);
        TestCall exit = TestCall.Of("exit_group", 0) with { Returned = false };
        Assert.Equal("<... exit_group resumed>)", exit.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteResumed(ref w, call)));
        TestCall read = TestCall.Of("read", 3, 0x1000, 8) with { Returned = false };
        Assert.Equal("<... read resumed> <unfinished ...>)", read.Write((ref Utf8SpanWriter w, in DecodedCall call) => renderer.WriteResumed(ref w, call)));
    }

    [Fact]
    public void AWholeLineHasThePidTheTimeTheReturnAtColumnFortyAndTheDuration()
    {
        TestCall brk = TestCall.Of("brk", 0) with { Tid = 22842, Ret = 0x55e10bae5000, EnterNs = 3_000_000_000, ExitNs = 3_000_004_000 };
        // 11:52:19.321647 UTC is 42739.321647 s into a day.
        var writer = new StraceLineWriter(new StraceRenderer(32, null), pidPrefix: true, TimestampStyle.Microseconds, durations: true,
            realtimeOffsetNs: 42739_321647_000L - 3_000_000_000L, TimeZoneInfo.Utc);
        Assert.Equal("22842 11:52:19.321647 brk(NULL)         = 0x55e10bae5000 <0.000004>\n",
            brk.Write((ref Utf8SpanWriter w, in DecodedCall call) => writer.WriteCall(ref w, call)));

        var plain = new StraceLineWriter(new StraceRenderer(32, null), pidPrefix: false, TimestampStyle.None, durations: false, 0);
        Assert.Equal("brk(NULL)                               = 0x55e10bae5000\n",
            brk.Write((ref Utf8SpanWriter w, in DecodedCall call) => plain.WriteCall(ref w, call)));
        var pids = new StraceLineWriter(new StraceRenderer(32, null), pidPrefix: true, TimestampStyle.None, durations: false, 0);
        Assert.Equal($"{"12    brk(NULL) ",-40}= 0x55e10bae5000\n", (brk with { Tid = 12 }).Write((ref Utf8SpanWriter w, in DecodedCall call) => pids.WriteCall(ref w, call)));
    }

    [Theory]
    [InlineData((int)TimestampStyle.Seconds, "23:59:59 ", "23:59:59 ", "00:00:00 ")]
    [InlineData((int)TimestampStyle.Microseconds, "23:59:59.999998 ", "23:59:59.999999 ", "00:00:00.000001 ")]
    [InlineData((int)TimestampStyle.Epoch, "86399.999998 ", "86399.999999 ", "86400.000001 ")]
    public void EachLineHasItsOwnThreadAndTimeAsTheyChangeFromLineToLine(int style, string first, string second, string third)
    {
        // Three calls a microsecond apart, the last in the next second (and day), from two threads in turn.
        var writer = new StraceLineWriter(new StraceRenderer(32, null), pidPrefix: true, (TimestampStyle)style, durations: false,
            realtimeOffsetNs: 86399_999998_000L - 1_000_000_000L, TimeZoneInfo.Utc);
        TestCall getppid = TestCall.Of("getppid").Returning(1);
        string[] lines =
        [
            .. new[] { (Tid: 7, Ns: 1_000_000_000UL), (Tid: 23614, Ns: 1_000_001_000UL), (Tid: 7, Ns: 1_000_003_000UL) }
                .Select(line => (getppid with { Tid = line.Tid, EnterNs = line.Ns, ExitNs = line.Ns })
                    .Write((ref Utf8SpanWriter w, in DecodedCall call) => writer.WriteCall(ref w, call))),
        ];

        Assert.Equal([$"{$"7     {first}getppid() ",-40}= 1\n", $"{$"23614 {second}getppid() ",-40}= 1\n", $"{$"7     {third}getppid() ",-40}= 1\n"], lines);
    }

    [Fact]
    public void ExitsAndSignalsHaveTheirOwnLines()
    {
        var writer = new StraceLineWriter(new StraceRenderer(32, null), pidPrefix: true, TimestampStyle.None, durations: true, 0);
        Assert.Equal("23614 +++ exited with 3 +++\n", Text((ref Utf8SpanWriter w) => writer.WriteExit(ref w, new ProcessExit(23614, 23614, 0, 3))));
        Assert.Equal("23615 +++ killed by SIGKILL +++\n", Text((ref Utf8SpanWriter w) => writer.WriteExit(ref w, new ProcessExit(23615, 23615, 0, 0, 9))));
        Assert.Equal("2     +++ killed by SIGSEGV (core dumped) +++\n", Text((ref Utf8SpanWriter w) => writer.WriteExit(ref w, new ProcessExit(2, 2, 0, 0, 11, CoreDumped: true))));
        Assert.Equal("23613 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=23615, si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0} ---\n",
            Text((ref Utf8SpanWriter w) => writer.WriteSignal(ref w, new SignalDelivery(23613, 23613, 0, new SignalInfo(17, 2, Pid: 23615, Status: 9)))));
        Assert.Equal("22843 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22860, si_uid=0, si_status=0, si_utime=0, si_stime=1 /* 0.01 s */} ---\n",
            Text((ref Utf8SpanWriter w) => writer.WriteSignal(ref w, new SignalDelivery(22843, 22843, 0, new SignalInfo(17, 1, Pid: 22860, SystemTime: 1)))));
        Assert.Equal("23613 --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=23613, si_uid=0} ---\n",
            Text((ref Utf8SpanWriter w) => writer.WriteSignal(ref w, new SignalDelivery(23613, 23613, 0, new SignalInfo(10, 0, Pid: 23613)))));
        Assert.Equal("7     --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n",
            Text((ref Utf8SpanWriter w) => writer.WriteSignal(ref w, new SignalDelivery(7, 7, 0, new SignalInfo(11, 1)))));
    }

    internal delegate void Writing(ref Utf8SpanWriter writer);

    internal static string Text(Writing write)
    {
        var writer = new Utf8SpanWriter(new byte[4096]);
        write(ref writer);
        Assert.False(writer.Overflowed);
        return Encoding.UTF8.GetString(writer.Written);
    }
    // pselect6(n, inp, outp, exp, tsp, sig): the sets at entry with their fds named, the ready ones and the time left in the return.
    [Fact]
    public void PselectPrintsItsFdSetsAndWhatWasReadyAndTheTimeLeft()
    {
        TestCall call = TestCall.Of("pselect6", 5, 0x7ffd_0000, 0x7ffd_0080, 0, 0x7ffd_0100, 0) with { Ret = 2 };
        call.Entry.Bytes(1, [0b1000, 0, 0, 0, 0]);
        call.Entry.Bytes(2, [0b11000, 0, 0, 0, 0]);
        call.Entry.Bytes(4, Timespec(0, 1_000_000));
        call.Exit.Bytes(1, [0b1000, 0, 0, 0, 0]);
        call.Exit.Bytes(2, [0b10000, 0, 0, 0, 0]);
        call.Exit.Bytes(4, Timespec(0, 996_942));
        var names = new FixedNames().Fd(3, "<pipe:[7]>").Fd(4, "<pipe:[7]>");
        Assert.Equal("pselect6(5, [3<pipe:[7]>], [3<pipe:[7]> 4<pipe:[7]>], NULL, {tv_sec=0, tv_nsec=1000000}, NULL) = 2 (in [3], out [4], left {tv_sec=0, tv_nsec=996942})",
            call.Render(descriptors: names));

        TestCall timeout = TestCall.Of("pselect6", 4, 0x7ffd_0000, 0, 0, 0x7ffd_0100, 0);
        timeout.Entry.Bytes(1, [0, 0, 0, 0]);
        timeout.Entry.Bytes(4, Timespec(0, 1_000_000));
        timeout.Exit.Bytes(1, [0, 0, 0, 0]);
        timeout.Exit.Bytes(4, Timespec(0, 0));
        Assert.Equal("pselect6(4, [], NULL, NULL, {tv_sec=0, tv_nsec=1000000}, NULL) = 0 (Timeout)", timeout.Render());
    }

    // pselect6's last argument points to a sigset's address and size, which the kernel reads as an iovec.
    [Fact]
    public void PselectPrintsItsSigmaskAndItsSize()
    {
        TestCall call = TestCall.Of("pselect6", 0, 0, 0, 0, 0, 0x7ffd_0200);
        call.Entry.Iovecs(5, [(0x7ffd_0300, 8, BitConverter.GetBytes(1UL << (12 - 1)))]);
        Assert.Equal("pselect6(0, NULL, NULL, NULL, NULL, {sigmask=[USR2], sigsetsize=8}) = 0 (Timeout)", call.Render());

        TestCall noMask = TestCall.Of("pselect6", 0, 0, 0, 0, 0, 0x7ffd_0200);
        noMask.Entry.Iovecs(5, [(0, 8, [])]);
        Assert.Equal("pselect6(0, NULL, NULL, NULL, NULL, {sigmask=NULL, sigsetsize=8}) = 0 (Timeout)", noMask.Render());

        TestCall badSize = TestCall.Of("pselect6", 0, 0, 0, 0, 0, 0x7ffd_0200);
        badSize.Entry.Iovecs(5, [(0x7ffd_0300, 16, new byte[8])]);
        Assert.Equal("pselect6(0, NULL, NULL, NULL, NULL, {sigmask=0x7ffd0300, sigsetsize=16}) = 0 (Timeout)", badSize.Render());

        TestCall unread = TestCall.Of("pselect6", 0, 0, 0, 0, 0, 0x7ffd_0200);
        unread.Entry.Unreadable(5, CaptureKind.Iovec);
        Assert.Equal("pselect6(0, NULL, NULL, NULL, NULL, 0x7ffd0200) = 0 (Timeout)", unread.Render());
    }

    [Fact]
    public void PpollPrintsTheTimeLeftAfterTheReadyFds()
    {
        TestCall ppoll = TestCall.Of("ppoll", 0x7ffd_0000, 1, 0x7ffd_0100, 0, 8) with { Ret = 1 };
        ppoll.Entry.Add(0, CaptureKind.Array, Pollfd(3, 1, 0), 8);
        ppoll.Entry.Bytes(2, Timespec(0, 1_000_000));
        ppoll.Exit.Add(0, CaptureKind.Array, Pollfd(3, 1, 1), 8);
        ppoll.Exit.Bytes(2, Timespec(0, 998_327));
        Assert.Equal("ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=0, tv_nsec=1000000}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=998327})", ppoll.Render());
    }

    // sigaltstack(uss, uoss): the new stack at entry, the old one at exit.
    [Fact]
    public void SigaltstackPrintsItsStacks()
    {
        TestCall call = TestCall.Of("sigaltstack", 0x7ffd_0000, 0x7ffd_0020);
        call.Entry.Bytes(0, [.. BitConverter.GetBytes(0x55d0c8a2f2a0UL), .. BitConverter.GetBytes(0UL), .. BitConverter.GetBytes(14528UL)]);
        call.Exit.Bytes(1, [.. BitConverter.GetBytes(0UL), .. BitConverter.GetBytes(2UL), .. BitConverter.GetBytes(0UL)]);
        Assert.Equal("sigaltstack({ss_sp=0x55d0c8a2f2a0, ss_flags=0, ss_size=14528}, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0", call.Render());

        TestCall i386 = TestCall.Of(SyscallAbi.I386, "sigaltstack", 0xffb0_0000, 0);
        i386.Entry.Bytes(0, [.. BitConverter.GetBytes(0x5655_a000u), .. BitConverter.GetBytes(1u), .. BitConverter.GetBytes(8192u)]);
        Assert.Equal("sigaltstack({ss_sp=0x5655a000, ss_flags=SS_ONSTACK, ss_size=8192}, NULL) = 0", i386.Render());
    }

    private static byte[] Timespec(long seconds, long nanoseconds) => [.. BitConverter.GetBytes(seconds), .. BitConverter.GetBytes(nanoseconds)];

    private static byte[] Pollfd(int fd, short events, short revents) => [.. BitConverter.GetBytes(fd), .. BitConverter.GetBytes(events), .. BitConverter.GetBytes(revents)];
}
