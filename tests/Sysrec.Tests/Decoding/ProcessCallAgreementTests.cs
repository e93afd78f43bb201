using System.Text.RegularExpressions;
using Sysrec.Decoding;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Decoding.Structs;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// tests/workloads/decode_procs.c under strace, and its calls built by hand as the kernel would capture
/// them: pipes, children that exit and are killed (their exit and SIGCHLD lines), a thread sharing the
/// fd table, signals, masks, times, limits, the fd-making calls, and a child that execs. What the run
/// chose (pids, times, random bytes, the machine's figures) is read from strace's lines.
/// </summary>
public sealed class ProcessCallAgreementTests
{
    private const ulong Data = 0x5598e4a01000, Buffer = 0x7ffd5e1c2000, Struct = 0x7ffd5e1c1f00, Old = 0x7ffd5e1c1e00;
    private const ulong Handler = 0x5598e4a00400, Restorer = 0x7f1c2a03c050, ChildTidAddress = 0x7f1c2a200a10;
    private const ulong Restart = 0x10000000, OnStack = 0x08000000, RestorerFlag = 0x04000000, SigInfo = 4;
    private const int Sigchld = 17;

    [Fact]
    public void TheProcessThreadSignalAndFdCallsRenderAsStracePrintsThem()
    {
        string workload = Workloads.Build("decode_procs.c", "sr_decode_procs", "-pthread");
        using var directory = new TempDirectory();
        StraceRun run = StraceRun.Of(directory.Path, workload, "/bin/sh");
        int main = run.FirstPid;
        var replay = new StraceReplay(run);
        replay.SeedInherited(main, directory.Path);
        TestCall Main(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = main, Tid = main };

        Pipes(replay, main, Main);
        int exited = Fork(replay, main, Main);
        TestCall Exited(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = exited, Tid = exited };
        replay.Expect(Exited("exit_group", 3) with { Returned = false });
        replay.ExpectExit(new ProcessExit(exited, exited, 0, 3));
        replay.ExpectReaped(Main("wait4", (ulong)exited, Buffer, 0, 0).Out(c => c.Int(1, 3 << 8)).Returning(exited),
            line => SocketCallAgreementTests.ChildExited(line, exited, status: 3));

        int killed = Fork(replay, main, Main);
        if (replay.Comes(killed, "pause", before: ""))
            replay.Expect(TestCall.Of("pause") with { Pid = killed, Tid = killed, Returned = false });
        replay.Expect(Main("kill", (ulong)killed, 9).Returning(0));
        replay.ExpectExit(new ProcessExit(killed, killed, 0, 0, Signal: 9));
        replay.ExpectReaped(Main("wait4", (ulong)killed, Buffer, 0, 0).Out(c => c.Int(1, 9)).Returning(killed),
            line => SocketCallAgreementTests.ChildExited(line, killed, code: 2, status: 9));
        replay.Expect(Main("wait4", ulong.MaxValue, Buffer, 1, 0).Returning(-10));

        Thread(replay, main, Main);
        Signals(replay, main, Main);
        Times(replay, main, Main);
        FdMakers(replay, main, Main);

        int shell = Fork(replay, main, Main);
        TestCall Shell(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = shell, Tid = shell };
        replay.Expect(Shell("execve", Data, Struct, Old)
            .In(c => c.String(0, "/bin/sh").Strings(1, 3, [("/bin/sh"u8.ToArray(), false), ("-c"u8.ToArray(), false), ("exit 0"u8.ToArray(), false)]).Strings(2, 2, []))
            .Returning(0));
        // The shell's cwd is its parent's, kept across the fork and the exec.
        replay.Expect(Shell("getcwd", Buffer, 4096).Out(c => c.String(0, directory.Path)).Returning(directory.Path.Length + 1));
        replay.Expect(Shell("exit_group", 0) with { Returned = false });
        replay.ExpectExit(new ProcessExit(shell, shell, 0, 0));
        replay.ExpectReaped(Main("wait4", (ulong)shell, Buffer, 0, 0).Out(c => c.Int(1, 0)).Returning(shell), line => SocketCallAgreementTests.ChildExited(line, shell));
        replay.Expect(Main("execve", Data, Struct, Old).In(c => c.String(0, "/nonexistent-sysrec/prog").Strings(1, 1, [("prog"u8.ToArray(), false)]).Strings(2, 0, [])).Returning(-2));
        replay.Expect(Main("exit_group", 0) with { Returned = false });
        replay.ExpectExit(new ProcessExit(main, main, 0, 0));
        replay.AssertAllAgree(atLeast: 85);
    }

    private static void Pipes(StraceReplay replay, int main, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        foreach (ulong flags in new ulong[] { 0, 0x80800 })
        {
            ulong inode = ulong.Parse(Regex.Match(replay.Peek(main, "pipe2").Text, @"pipe:\[(\d+)\]").Groups[1].Value);
            replay.Expect(Call("pipe2", Struct, flags).Out(c => c.Add(0, CaptureKind.Array, Ints(3, 4), 8).FdTarget(0, Pipe(inode), 0).FdTarget(0, Pipe(inode), 1)).Returning(0));
            if (flags == 0)
            {
                replay.Expect(Call("write", 4, Data, 5).In(c => c.Bytes(1, "ping\n"u8)).Returning(5));
                replay.Expect(Call("read", 3, Buffer, 64).Out(c => c.Bytes(1, "ping\n"u8)).Returning(5));
            }
            else
                replay.Expect(Call("read", 3, Buffer, 64).Returning(-11));
            replay.Expect(Call("close", 3).Returning(0));
            replay.Expect(Call("close", 4).Returning(0));
        }
    }

    // A fork by glibc's fork(): clone with the child's tid address, the child's table a copy.
    private static int Fork(StraceReplay replay, int main, Func<string, ulong[], TestCall> call)
    {
        int child = int.Parse(Regex.Match(replay.Peek(main, "clone").Whole, @"= (\d+)$").Groups[1].Value);
        replay.Expect(call("clone", [0x1200011, 0, 0, ChildTidAddress, 0]).Returning(child));
        replay.Fork(main, main, child, child, sharesFiles: false);
        return child;
    }

    private static void Thread(StraceReplay replay, int main, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        replay.Expect(Call("rt_sigaction", 33, Struct, 0, 8).In(c => c.Bytes(1, Sigaction(Handler, RestorerFlag | OnStack | Restart | SigInfo, Restorer))).Returning(0));
        replay.Expect(Call("rt_sigprocmask", 1, Struct, 0, 8).In(c => c.Bytes(1, Sigset(32, 33))).Returning(0));
        // malloc's first use seeds its tcache from getrandom.
        replay.Expect(Call("getrandom", Buffer, 8, 1).Out(c => c.Bytes(0, Random(replay.Peek(main, "getrandom")))).Returning(8));
        replay.Expect(Call("rt_sigprocmask", 0, Struct, Old, 8).In(c => c.Bytes(1, Longs(-1))).Out(c => c.Bytes(2, Sigset())).Returning(0));
        string clone3 = replay.Peek(main, "clone3").Whole;
        int thread = int.Parse(Regex.Match(clone3, @"= (\d+)$").Groups[1].Value);
        ulong stackSize = Convert.ToUInt64(Regex.Match(clone3, @"stack_size=0x([0-9a-f]+)").Groups[1].Value, 16);
        const ulong threadFlags = 0x3d0f00;
        replay.Expect(Call("clone3", Struct, 88)
            .In(c => c.Bytes(0, CloneArgs(threadFlags, 0, 0x7f1c29fff990, 0x7f1c29fff990, 0, 0x7f1c297ff000, stackSize, 0x7f1c29fff6c0)))
            .Returning(thread));
        replay.Fork(main, main, thread, main, sharesFiles: true);
        replay.Expect(Call("rt_sigprocmask", 2, Struct, 0, 8).In(c => c.Bytes(1, Sigset())).Returning(0));

        TestCall Thread(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = main, Tid = thread };
        int parent = int.Parse(Regex.Match(replay.Peek(thread, "getppid").Whole, @"= (\d+)$").Groups[1].Value);
        replay.Expect(Thread("rt_sigprocmask", 2, Struct, 0, 8).In(c => c.Bytes(1, Sigset())).Returning(0));
        replay.Expect(Thread("getppid").Returning(parent));
        // The thread names fd 1 by the table it shares with the process.
        replay.Expect(Thread("write", 1, Data, 0).In(c => c.Bytes(1, [])).Returning(0));
        replay.Expect(Thread("rt_sigprocmask", 0, Struct, 0, 8).In(c => c.Bytes(1, Longs(~(1L << 32)))).Returning(0));
        ulong stackUnused = ulong.Parse(Regex.Match(replay.Peek(thread, "madvise").Whole, @", (\d+), MADV").Groups[1].Value);
        replay.Expect(Thread("madvise", 0x7f1c297ff000, stackUnused, 4).Returning(0));
        replay.Expect(Thread("exit", 0) with { Returned = false });
        replay.ExpectExit(new ProcessExit(thread, main, 0, 0));
        if (replay.Comes(main, "futex", before: "rt_sigaction"))
            replay.Expect(Call("futex", 0x7f1c29fff990, 0x109, (ulong)thread, 0, 0, 0xffffffff).Returning(0));
    }

    private static void Signals(StraceReplay replay, int main, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        replay.Expect(Call("rt_sigaction", 10, Struct, 0, 8).In(c => c.Bytes(1, Sigaction(Handler, RestorerFlag, Restorer, 12))).Returning(0));
        replay.Expect(Call("getpid").Returning(main));
        replay.Expect(Call("kill", (ulong)main, 10).Returning(0));
        replay.ExpectSignal(main, main, _ => new SignalInfo(10, 0, Pid: main));
        replay.Expect(Call("rt_sigreturn").In(c => c.Bytes(CaptureSet.StackPointer, Sigset())).Returning(0));
        replay.Expect(Call("rt_sigprocmask", 0, Struct, 0, 8).In(c => c.Bytes(1, Sigset(2, 15))).Returning(0));
        replay.Expect(Call("rt_sigprocmask", 1, Struct, Struct, 8).In(c => c.Bytes(1, Sigset(2, 15))).Out(c => c.Bytes(2, Sigset(2, 15))).Returning(0));
        // The old action is the one the test's runner handed down: an ignored signal stays ignored across exec.
        ulong inherited = replay.Peek(main, "rt_sigaction").Whole.Contains("}, {sa_handler=SIG_IGN", StringComparison.Ordinal) ? 1UL : 0;
        replay.Expect(Call("rt_sigaction", 13, Struct, Old, 8)
            .In(c => c.Bytes(1, Sigaction(1, RestorerFlag | Restart, Restorer, 13))).Out(c => c.Bytes(2, Sigaction(inherited, 0, 0))).Returning(0));
    }

    private static void Times(StraceReplay replay, int main, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        // glibc's nanosleep is clock_nanosleep; the raw one prints its request at entry too.
        replay.Expect(Call("clock_nanosleep", 0, 0, Struct, 0).In(c => c.Bytes(2, Longs(0, 1_000_000))).Returning(0));
        replay.Expect(Call("nanosleep", Struct, 0).In(c => c.Bytes(0, Longs(0, 1_000_000))).Returning(0));
        replay.Expect(Call("clock_nanosleep", 1, 0, Struct, 0).In(c => c.Bytes(2, Longs(0, 1_000_000))).Returning(0));
        Match now = Regex.Match(replay.Peek(main, "clock_gettime").Text, @"tv_sec=(\d+), tv_nsec=(\d+)");
        replay.Expect(Call("clock_gettime", 0, Struct).Out(c => c.Bytes(1, Longs(long.Parse(now.Groups[1].Value), long.Parse(now.Groups[2].Value)))).Returning(0));
        replay.Expect(Call("clock_getres", 1, Struct).Out(c => c.Bytes(1, Longs(0, 1))).Returning(0));
        (ulong current, ulong maximum) = ResourceLimits.Of("Max open files");
        replay.Expect(Call("prlimit64", 0, 7, 0, Struct).Out(c => c.Bytes(3, Longs((long)current, (long)maximum))).Returning(0));
        replay.Expect(Call("prlimit64", 0, 4, Struct, 0).In(c => c.Bytes(2, Longs(0, -1))).Returning(0));
        replay.Expect(Call("setrlimit", 4, Struct).In(c => c.Bytes(1, Longs(0, -1))).Returning(0));
        string host = System.IO.File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        replay.Expect(Call("uname", Struct).Out(c => c.Bytes(0, Utsname("Linux", host))).Returning(0));
        replay.Expect(Call("sysinfo", Struct).Out(c => c.Bytes(0, SysinfoOf(replay.Peek(main, "sysinfo").Text))).Returning(0));
        replay.Expect(Call("getrandom", Buffer, 8, 1).Out(c => c.Bytes(0, Random(replay.Peek(main, "getrandom")))).Returning(8));
        replay.Expect(Call("getrandom", Buffer, 40, 0).Out(c => c.Bytes(0, Random(replay.Peek(main, "getrandom")), 40)).Returning(40));
        replay.Expect(Call("sched_yield").Returning(0));
    }

    private static void FdMakers(StraceReplay replay, int main, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        replay.Expect(Call("eventfd2", 0, 0x80800).Returning(3));
        replay.Expect(Call("write", 3, Struct, 8).In(c => c.Bytes(1, Longs(1))).Returning(8));
        replay.Expect(Call("timerfd_create", 1, 0x80000).Returning(4));
        replay.Expect(Call("timerfd_settime", 4, 0, Struct, 0).In(c => c.Bytes(2, Longs(0, 0, 0, 500_000))).Returning(0));
        replay.Expect(Call("signalfd4", ulong.MaxValue, Struct, 8, 0x80000).In(c => c.Bytes(1, Sigset(Sigchld))).Returning(5));
        replay.Expect(Call("epoll_create1", 0x80000).Returning(6));
        replay.Expect(Call("epoll_ctl", 6, 1, 3, Struct).In(c => c.Bytes(3, EpollEvent(1, 7))).Returning(0));
        replay.Expect(Call("epoll_wait", 6, Struct, 4, 100).Out(c => c.Add(1, CaptureKind.Array, EpollEvent(1, 7), 12)).Returning(1));
        string poll = replay.Peek(main, "poll").Whole;
        short Revents(int fd) => Regex.Match(poll, $@"\{{fd={fd}, revents=([\w|]+)\}}") is { Success: true } match
            ? (short)ConstantNames.Value(ConstantSets.PollEvents, match.Groups[1].Value) : (short)0;
        byte[] after = Pollfds((3, 1, Revents(3)), (4, 1, Revents(4)));
        int ready = int.Parse(Regex.Match(poll, @"= (\d+)").Groups[1].Value);
        replay.Expect(Call("poll", Struct, 2, 100).In(c => c.Add(0, CaptureKind.Array, Pollfds((3, 1, 0), (4, 1, 0)), 16)).Out(c => c.Add(0, CaptureKind.Array, after, 16)).Returning(ready));
        replay.Expect(Call("inotify_init1", 0x80000).Returning(7));
        replay.Expect(Call("inotify_add_watch", 7, Data, 0x300).In(c => c.String(1, "/")).Returning(1));
        replay.Expect(Call("memfd_create", Data, 1).In(c => c.String(0, "sysrec-memfd")).Returning(8));
        replay.Expect(Call("getpid").Returning(main));
        replay.Expect(Call("pidfd_open", (ulong)main, 0).Returning(9));
        for (ulong fd = 3; fd <= 9; fd++)
            replay.Expect(Call("close", fd).Returning(0));
        replay.Expect(Call("madvise", 0x7f1c2a400000, 8192, 4).Returning(0));
    }

    // getrandom's bytes as strace printed them in hex: "\x2b\x78...".
    private static byte[] Random(StraceLine line) =>
        [.. Regex.Matches(Regex.Match(line.Whole, "\"([^\"]*)\"").Groups[1].Value, @"\\x([0-9a-f]{2})").Select(m => Convert.ToByte(m.Groups[1].Value, 16))];

    private static byte[] SysinfoOf(string line)
    {
        ulong Field(string name) => ulong.Parse(Regex.Match(line, $@"\b{name}=(\d+)").Groups[1].Value);
        ulong[] loads = [.. Regex.Match(line, @"loads=\[(\d+), (\d+), (\d+)\]").Groups.Values.Skip(1).Select(g => ulong.Parse(g.Value))];
        ulong[] memory = [.. new[] { "totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap" }.Select(Field)];
        return Sysinfo((long)Field("uptime"), loads, memory, (ushort)Field("procs"), Field("totalhigh"), Field("freehigh"), (uint)Field("mem_unit"));
    }
}
