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

    [Fact]
    public void RenderingIntoABufferAllocatesNothing()
    {
        TestCall open = TestCall.Of("openat", AtFdcwd, 0x1000, 0x80000) with { Ret = 3 };
        open.Entry.String(1, "/etc/passwd"u8);
        TestCall stat = TestCall.Of("newfstatat", 3, 0x2000, 0x3000, 0x1000) with { Ret = 0 };
        stat.Entry.String(1, ""u8);
        stat.Exit.Bytes(2, Stat(0x81a4, 54459));
        var tracker = new FdTracker();
        tracker.TableOf(100).Cwd = "/tmp"u8.ToArray();
        var writer = new StraceLineWriter(new StraceRenderer(32, tracker), true, TimestampStyle.Microseconds, true, 0, TimeZoneInfo.Utc);
        byte[] buffer = new byte[4096];
        void RenderBoth()
        {
            open.With(call => { var w = new Utf8SpanWriter(buffer); writer.WriteCall(ref w, call); return 0; });
            stat.With(call => { var w = new Utf8SpanWriter(buffer); writer.WriteCall(ref w, call); return 0; });
        }
        RenderBoth();
        byte[] entryStat = stat.Entry.ToArray(), exitStat = stat.Exit.ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var w = new Utf8SpanWriter(buffer);
            var call = new DecodedCall { Abi = SyscallAbi.Native, Number = stat.Number, Pid = 100, Tid = 100, Returned = true, Args = stat.Args, AtEntry = new CaptureSet(entryStat), AtExit = new CaptureSet(exitStat) };
            writer.WriteCall(ref w, call);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal delegate void Writing(ref Utf8SpanWriter writer);

    internal static string Text(Writing write)
    {
        var writer = new Utf8SpanWriter(new byte[4096]);
        write(ref writer);
        Assert.False(writer.Overflowed);
        return Encoding.UTF8.GetString(writer.Written);
    }

    /// <summary>A struct stat with its mode and size.</summary>
    internal static byte[] Stat(uint mode, long size)
    {
        var stat = new byte[144];
        BitConverter.GetBytes(mode).CopyTo(stat, 24);
        BitConverter.GetBytes(size).CopyTo(stat, 48);
        return stat;
    }
}
