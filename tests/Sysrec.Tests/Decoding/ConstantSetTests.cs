using System.Text;
using System.Text.RegularExpressions;
using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// Every generated set against strace itself: tests/workloads/flag_calls.c makes one call per case with
/// the case's value in one argument, strace 6.1 prints it, and the formatter must print the same text.
/// The values probe each rule: zero, one name, several in strace's order, composite names, fields
/// (access mode, mapping type, huge page size, exit signal), bits no name covers, and no name at all.
/// </summary>
public sealed partial class ConstantSetTests
{
    private delegate void Formatter(ref Utf8SpanWriter writer, long value);

    /// <summary>How one kind of call of flag_calls is printed: the formatter, and where strace shows the value.</summary>
    private sealed record CallKind(Formatter Format, Func<List<string>, string> Printed);

    private static CallKind Argument(int index, Formatter format) => new(format, arguments => arguments[index]);

    /// <summary>The value of <c>field=</c> inside an argument that strace prints as a struct.</summary>
    private static CallKind Field(int index, string field, Formatter format) =>
        new(format, arguments => Regex.Match(arguments[index], $@"\b{field}=([^,}}]*)").Groups[1].Value);

    private static Formatter Set(ConstantSet set) => (ref Utf8SpanWriter writer, long value) => set.Write(ref writer, (ulong)value);

    private static readonly Dictionary<string, CallKind> s_kinds = new()
    {
        ["open"] = Argument(2, (ref w, v) => OpenFlagsFormat.Write(ref w, (ulong)v)),
        ["mknod"] = Argument(2, (ref w, v) => FileModeFormat.WriteSymbolic(ref w, (ulong)v)),
        ["chmod"] = Argument(2, (ref w, v) => FileModeFormat.WriteNumeric(ref w, (ulong)v)),
        ["linkat"] = Argument(4, Set(ConstantSets.AtFlags)),
        ["statx"] = Argument(2, (ref w, v) => StatxFlagsFormat.Write(ref w, (ulong)v)),
        ["statx_mask"] = Argument(3, Set(ConstantSets.StatxMask)),
        ["faccessat2"] = Argument(3, Set(ConstantSets.FaccessatFlags)),
        ["access"] = Argument(1, Set(ConstantSets.AccessModes)),
        ["mmap_prot"] = Argument(2, Set(ConstantSets.MmapProt)),
        ["mmap_flags"] = Argument(3, (ref w, v) => MmapFlagsFormat.Write(ref w, (ulong)v)),
        ["mremap"] = Argument(3, Set(ConstantSets.MremapFlags)),
        ["msync"] = Argument(2, Set(ConstantSets.MsyncFlags)),
        ["mlockall"] = Argument(0, Set(ConstantSets.MlockallFlags)),
        ["madvise"] = Argument(2, Set(ConstantSets.MadviseAdvice)),
        ["fcntl"] = Argument(1, Set(ConstantSets.FcntlCommands)),
        ["fcntl_setfd"] = Argument(2, Set(ConstantSets.FdFlags)),
        ["fcntl_seals"] = Argument(2, Set(ConstantSets.SealFlags)),
        ["fcntl_notify"] = Argument(2, Set(ConstantSets.NotifyFlags)),
        ["fcntl_setlk"] = Field(2, "l_type", Set(ConstantSets.FlockTypes)),
        ["ioctl"] = Argument(1, (ref w, v) => IoctlRequestFormat.Write(ref w, (uint)v)),
        ["socket_domain"] = Argument(0, Set(ConstantSets.AddressFamilies)),
        ["socket_type"] = Argument(1, (ref w, v) => SocketTypeFormat.Write(ref w, (ulong)v)),
        ["socket_protocol"] = Argument(2, Set(ConstantSets.InetProtocols)),
        ["sockopt_level"] = Argument(1, Set(ConstantSets.SocketLevels)),
        ["sockopt_socket"] = Argument(2, Set(ConstantSets.SocketOptions)),
        ["sockopt_tcp"] = Argument(2, Set(ConstantSets.TcpOptions)),
        ["sendto"] = Argument(3, Set(ConstantSets.MessageFlags)),
        ["shutdown"] = Argument(1, Set(ConstantSets.ShutdownHow)),
        ["clone"] = Field(1, "flags", (ref w, v) => CloneFlagsFormat.Write(ref w, (ulong)v)),
        ["prctl"] = Argument(0, Set(ConstantSets.PrctlOptions)),
        ["arch_prctl"] = Argument(0, Set(ConstantSets.ArchPrctlCodes)),
        ["ptrace"] = Argument(0, Set(ConstantSets.PtraceRequests)),
        // flag_calls adds WNOHANG to every wait4, so that none blocks.
        ["wait4"] = Argument(2, (ref w, v) => ConstantSets.WaitOptions.Write(ref w, (ulong)v | 1)),
        ["waitid"] = Argument(0, Set(ConstantSets.WaitidTypes)),
        ["futex"] = Argument(1, (ref w, v) => FutexOperationFormat.Write(ref w, (int)v)),
        ["getrlimit"] = Argument(0, Set(ConstantSets.RlimitResources)),
        ["getpriority"] = Argument(0, Set(ConstantSets.PriorityWhich)),
        ["getrusage"] = Argument(0, Set(ConstantSets.RusageWho)),
        ["clock_gettime"] = Argument(0, Set(ConstantSets.ClockIds)),
        ["clock_nanosleep"] = Argument(1, Set(ConstantSets.TimerFlags)),
        ["getitimer"] = Argument(0, Set(ConstantSets.IntervalTimers)),
        ["lseek"] = Argument(2, Set(ConstantSets.SeekWhence)),
        ["renameat2"] = Argument(4, Set(ConstantSets.RenameFlags)),
        ["mount"] = Argument(3, (ref w, v) => MountFlagsFormat.Write(ref w, (ulong)v)),
        ["fallocate"] = Argument(1, Set(ConstantSets.FallocateModes)),
        ["fadvise"] = Argument(3, Set(ConstantSets.FadviseAdvice)),
        ["close_range"] = Argument(2, Set(ConstantSets.CloseRangeFlags)),
        ["setxattr"] = Argument(4, Set(ConstantSets.XattrFlags)),
        ["splice"] = Argument(5, Set(ConstantSets.SpliceFlags)),
        ["poll"] = Field(0, "events", Set(ConstantSets.PollEvents)),
        ["epoll_events"] = Field(3, "events", Set(ConstantSets.EpollEvents)),
        ["epoll_ctl"] = Argument(1, Set(ConstantSets.EpollControls)),
        ["epoll_create1"] = Argument(0, Set(ConstantSets.EpollCreateFlags)),
        ["sigprocmask"] = Argument(0, Set(ConstantSets.SigprocmaskHow)),
        ["sigaction_flags"] = Field(1, "sa_flags", Set(ConstantSets.SigactionFlags)),
        ["sigaltstack"] = Field(0, "ss_flags", Set(ConstantSets.SigaltstackFlags)),
        ["signal"] = Argument(0, (ref w, v) => Signals.Write(ref w, (int)v)),
        ["getrandom"] = Argument(2, Set(ConstantSets.GetrandomFlags)),
        ["memfd_create"] = Argument(1, (ref w, v) => MemfdFlagsFormat.Write(ref w, (ulong)v)),
        ["eventfd2"] = Argument(1, Set(ConstantSets.EventfdFlags)),
        ["timerfd_create"] = Argument(1, Set(ConstantSets.TimerfdFlags)),
        ["inotify_add_watch"] = Argument(2, Set(ConstantSets.InotifyMask)),
        ["inotify_init1"] = Argument(0, Set(ConstantSets.InotifyInitFlags)),
        ["sched_setscheduler"] = Argument(1, Set(ConstantSets.Schedulers)),
        ["flock"] = Argument(1, Set(ConstantSets.FlockOperations)),
        ["socket_netlink"] = Argument(2, Set(ConstantSets.NetlinkProtocols)),
        ["signalfd4"] = Argument(3, Set(ConstantSets.SignalfdFlags)),
        ["siginfo"] = Field(2, "si_code", SiginfoCode(10)),
        ["siginfo_chld"] = Field(2, "si_code", SiginfoCode(17)),
        ["siginfo_segv"] = Field(2, "si_code", SiginfoCode(11)),
        ["siginfo_bus"] = Field(2, "si_code", SiginfoCode(7)),
        ["siginfo_trap"] = Field(2, "si_code", SiginfoCode(5)),
        ["siginfo_ill"] = Field(2, "si_code", SiginfoCode(4)),
        ["siginfo_fpe"] = Field(2, "si_code", SiginfoCode(8)),
    };

    // The code as the siginfo of that signal prints it: the whole struct, then its si_code.
    private static Formatter SiginfoCode(int signal) => (ref Utf8SpanWriter writer, long value) =>
    {
        var text = new Utf8SpanWriter(new byte[256]);
        SiginfoFormat.Write(ref text, new SignalInfo(signal, (int)value), null, 0);
        string info = Encoding.ASCII.GetString(text.Written);
        writer.Append(Encoding.ASCII.GetBytes(Regex.Match(info, @"\bsi_code=([^,}]*)").Groups[1].Value));
    };

    /// <summary>The cases of each set: the calls that print its values, and the values.</summary>
    private static readonly (string Set, string Kind, long[] Values)[] s_cases =
    [
        ("OpenAccessModes", "open", [0, 1, 2, 3]),
        ("OpenFlags", "open", [0x80000, 0x98800, 0x241, 0x101000, 0x1000, 0x410002, 0x8000, 0x2000, 0x200000, 0x40000000, 0x40080001]),
        ("FileTypes", "mknod", [0x11A4, 0x81ED, 0xC9FF, 0, 0xF1A4, 0x4E00, 0x1C00]),
        ("FileModeNumeric", "chmod", [0, 0x1A4, 0xFFF, 8, 1]),
        ("AtFlags", "linkat", [0, 0x400, 0x1000, 0x1100, 0x8000, 0x10000, 0x10400]),
        ("AtStatxSyncTypes", "statx", [0, 0x2000, 0x4000, 0x1100, 0x6000, 0x80000000, 0x2100]),
        ("StatxMask", "statx_mask", [0, 0x7FF, 0xFFF, 1, 0x801, 0x2000, 0x40000000, 0x40000001]),
        ("FaccessatFlags", "faccessat2", [0, 0x200, 0x1100, 8]),
        ("AccessModes", "access", [0, 4, 6, 7, 1, 0x10, 0x14]),
        ("MmapProt", "mmap_prot", [0, 1, 3, 7, 0x1000000, 0x10, 0x11]),
        ("MmapFlags", "mmap_flags", [0x22, 1, 3, 0, 0x32, 0x100022, 0x54040022, 0x40000002, 0x4000022, 0x200002, 0x200000]),
        ("MremapFlags", "mremap", [1, 3, 4, 8]),
        ("MsyncFlags", "msync", [0, 1, 4, 6, 0x10]),
        ("MlockallFlags", "mlockall", [4, 0x10, 0x14]),
        ("MadviseAdvice", "madvise", [0, 4, 8, 14, 25, 1000]),
        ("FcntlCommands", "fcntl", [0, 1, 2, 3, 4, 1030, 1033, 36, 0x7777]),
        ("FdFlags", "fcntl_setfd", [0, 1, 2, 3]),
        ("SealFlags", "fcntl_seals", [1, 3, 0x1F, 0x20]),
        ("NotifyFlags", "fcntl_notify", [1, 0x80000001, 0x3F, 0x40]),
        ("FlockTypes", "fcntl_setlk", [0, 1, 2, 4, 8, 3]),
        ("Ioctls", "ioctl", [0x5401, 0x5413, 0x541B, 0x5421, 0x5451, 0x8912, 0x540F, 0x80085499, 0x1234, 0xC0105499, 0x40045431]),
        ("AddressFamilies", "socket_domain", [1, 2, 10, 16, 17, 45, 100]),
        ("SocketTypes", "socket_type", [1, 2, 5, 0x80001, 0x80801, 0x800, 0xE, 0x8000E]),
        ("InetProtocols", "socket_protocol", [0, 17, 6, 255, 300, 262]),
        ("SocketLevels", "sockopt_level", [0, 1, 6, 17, 41, 0x7FFF]),
        ("SocketOptions", "sockopt_socket", [1, 2, 7, 8, 15, 20, 0x7777]),
        ("TcpOptions", "sockopt_tcp", [1, 3, 4, 9, 13, 0x7777]),
        ("MessageFlags", "sendto", [0, 0x40, 0x4000, 0x4040, 0x8000, 0x20000000, 0x10, 0x20000, 0x100000, 0x80000000]),
        ("ShutdownHow", "shutdown", [0, 1, 2, 3]),
        ("CloneFlags", "clone", [0x11, 0x1200011, 0x10011, 0x800, 0x20200, 0, 0x400000]),
        ("PrctlOptions", "prctl", [3, 16, 39, 23, 0x12345, 0x59616D61]),
        ("ArchPrctlCodes", "arch_prctl", [0x1003, 0x1004, 0x1011, 0x1FFF]),
        ("PtraceRequests", "ptrace", [1, 2, 3, 12, 16, 0x4206, 0x4200, 0x999]),
        ("WaitidTypes", "waitid", [0, 1, 2, 3, 7]),
        ("WaitOptions", "wait4", [0, 0x40000000, 0x80000000, 2, 0x20000000, 0x100, 0xE0000000]),
        ("FutexOperations", "futex", [0, 1, 2, 128, 129, 130, 9, 137, 0x109, 0x189, 0x100, 0x101, 13, 141, 0x10D, 0x7F, 0x200]),
        ("RlimitResources", "getrlimit", [0, 7, 15, 16]),
        ("PriorityWhich", "getpriority", [0, 1, 2, 3]),
        ("RusageWho", "getrusage", [0, -1, 1, -2, 5]),
        ("ClockIds", "clock_gettime", [0, 1, 4, 7, 11, 10, 12]),
        ("TimerFlags", "clock_nanosleep", [0, 1, 2]),
        ("IntervalTimers", "getitimer", [0, 1, 2, 3]),
        ("SeekWhence", "lseek", [0, 1, 2, 3, 4, 5]),
        ("RenameFlags", "renameat2", [0, 1, 2, 4, 5, 8]),
        ("MountFlags", "mount", [0, 1, 0x1021, 0xC0ED0000, 0xC0ED0001, 0x5000, 0x80000000, 0x40000]),
        ("FallocateModes", "fallocate", [0, 1, 3, 0x10, 0x80]),
        ("FadviseAdvice", "fadvise", [0, 4, 5, 9]),
        ("CloseRangeFlags", "close_range", [0, 2, 4, 8]),
        ("XattrFlags", "setxattr", [0, 1, 2, 3]),
        ("SpliceFlags", "splice", [0, 1, 5, 0xF, 0x10]),
        ("PollEvents", "poll", [1, 4, 0x2001, 0x43, 0x4000, 0x8000]),
        ("EpollEvents", "epoll_events", [1, 0x80000001, 0x40000004, 0x10000000, 0x8000000, 0x2019]),
        ("EpollControls", "epoll_ctl", [1, 2, 3, 4]),
        ("EpollCreateFlags", "epoll_create1", [0, 0x80000, 1]),
        ("SigprocmaskHow", "sigprocmask", [0, 1, 2, 3]),
        ("SigactionFlags", "sigaction_flags", [0, 0x4000000, 0x14000000, 0xC000004, 1, 2, 0x400, 0x80000000]),
        ("SigaltstackFlags", "sigaltstack", [2, 0, 1, 0x80000002]),
        ("Signals", "signal", [.. Enumerable.Range(0, 67).Select(signal => (long)signal), -1]),
        ("GetrandomFlags", "getrandom", [0, 1, 2, 4, 3, 8]),
        ("MemfdFlags", "memfd_create", [0, 1, 3, 4, 0x54000004, 0x54000000, 0x100]),
        ("EventfdFlags", "eventfd2", [0, 1, 0x80000, 0x80801, 0x10]),
        ("TimerfdFlags", "timerfd_create", [0, 0x80000, 0x80800, 1]),
        ("InotifyMask", "inotify_add_watch", [2, 0x300, 0xFFF, 0x80000001, 0x1000000, 0x40000000, 0x10000]),
        ("InotifyInitFlags", "inotify_init1", [0, 0x80000, 0x800, 1]),
        ("Schedulers", "sched_setscheduler", [0, 1, 2, 3, 5, 6, 7]),
        ("FlockOperations", "flock", [1, 6, 8, 0x40, 0xC0, 0x400, 0x401]),
        ("NetlinkProtocols", "socket_netlink", [0, 4, 9, 15, 16, 22, 17, 30]),
        ("SignalfdFlags", "signalfd4", [0, 0x80000, 0x800, 0x80800, 1]),
        ("SiginfoCodes", "siginfo", [0, 0x80, -1, -2, -3, -4, -5, -6, -7, -60, -8, 5]),
        ("ChildCodes", "siginfo_chld", [1, 2, 3, 4, 5, 6, 7]),
        ("SegvCodes", "siginfo_segv", [1, 2, 3, 4, 9, 10]),
        ("BusCodes", "siginfo_bus", [1, 3, 4, 5, 6]),
        ("TrapCodes", "siginfo_trap", [1, 4, 6, 7]),
        ("IllCodes", "siginfo_ill", [1, 8, 9, 11]),
        ("FpeCodes", "siginfo_fpe", [1, 8, 9, 14, 15, 16]),
    ];

    private static readonly Lazy<Dictionary<(string Kind, long Value), string>> s_strace = new(RunStrace);

    public static TheoryData<string> Sets() => [.. s_cases.Select(set => set.Set)];

    [Theory]
    [MemberData(nameof(Sets))]
    public void PrintsEveryValueAsStraceDoes(string set)
    {
        (_, string kind, long[] values) = s_cases.Single(c => c.Set == set);
        List<string> differences = [];
        foreach (long value in values)
        {
            string strace = s_strace.Value[(kind, value)];
            string ours = Format(s_kinds[kind].Format, value);
            if (ours != strace)
                differences.Add($"{kind} 0x{value:x}: strace '{strace}', sysrec '{ours}'");
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void EverySetOfTheDataIsTested()
    {
        // Sets printed only inside another's formatter, or tested apart (ErrnoTests; statfs's, whose values
        // only a file system gives, in FileCallAgreementTests; socketcall's calls, never printed but by the names
        // of the calls they stand for, in DecodeAgreementTests' i386 program).
        string[] testedWithOthers = ["IoctlDirections", "SocketTypeFlags", "Errno", "ErrnoMessages", "FilesystemMagics", "StatfsFlags", "SocketCalls"];
        HashSet<string> tested = [.. s_cases.Select(c => c.Set), .. testedWithOthers];
        string[] untested = [.. typeof(ConstantSets).GetFields().Select(f => f.Name).Where(name => !tested.Contains(name))];
        Assert.Empty(untested);
    }

    private static string Format(Formatter format, long value)
    {
        var writer = new Utf8SpanWriter(new byte[1024]);
        format(ref writer, value);
        Assert.False(writer.Overflowed);
        return Encoding.UTF8.GetString(writer.Written);
    }

    // One strace run for every case, each call's line matched to its case by order.
    private static Dictionary<(string Kind, long Value), string> RunStrace()
    {
        (string Kind, long Value)[] calls = [.. s_cases.SelectMany(c => c.Values.Select(value => (c.Kind, value))).Distinct()];
        string[] lines = StraceCalls.Of(calls);
        Assert.True(calls.Length == lines.Length, $"strace printed {lines.Length} lines for {calls.Length} calls:\n{string.Join("\n", lines)}");
        var printed = new Dictionary<(string, long), string>();
        for (int i = 0; i < calls.Length; i++)
            printed[calls[i]] = s_kinds[calls[i].Kind].Printed(StraceCalls.Arguments(lines[i]));
        return printed;
    }
}
