using System.Globalization;
using System.Runtime.InteropServices;
using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Layout;

/// <summary>
/// The C# mirrors of the #define constants of bpf/sysrec.h against the values the C compiler gives
/// them: every SYSREC_ constant of the header is either mirrored here or named as one C# has no use
/// for, so a constant added on one side only fails this test.
/// </summary>
public sealed class HeaderConstantTests
{
    private static readonly Dictionary<string, long> s_mirrors = new()
    {
        ["SYSREC_COMM_LEN"] = TaskComm.Length,
        ["SYSREC_NAME_LEN"] = TraceSelection.MaxNameBytes + 1,
        ["SYSREC_DEFAULT_RING_BYTES"] = TracerOptions.DefaultRingBufferBytes,
        ["SYSREC_ARG_PATH_LEN"] = PathBytes.Length,
        ["SYSREC_MAX_PATH_ARGS"] = PathArgPair.Length,
        ["SYSREC_NO_PROG"] = TaskMarker.NoProg,
        ["SYSREC_FILTER_NUMBERS"] = SyscallSlots.Numbers,
        ["SYSREC_ABI_NATIVE"] = (long)SyscallAbi.Native,
        ["SYSREC_ABI_I386"] = (long)SyscallAbi.I386,
        ["SYSREC_EXEC_EVENT"] = SyscallRecord.ExecEvent,
        ["SYSREC_RECORD_SIZE_WITHOUT_ARGS"] = SyscallRecord.SizeWithoutArgs,
        ["SYSREC_RECORD_SIZE_WITHOUT_EXIT"] = (long)Marshal.OffsetOf<SyscallRecord>(nameof(SyscallRecord.Ret)),
        ["SYSREC_NEVER_RETURNED"] = unchecked((long)SyscallRecord.NeverReturned),
        ["SYSREC_DECODE_ENTER"] = (long)DecodeRecordType.Enter,
        ["SYSREC_DECODE_EXIT"] = (long)DecodeRecordType.Exit,
        ["SYSREC_DECODE_FORK"] = (long)DecodeRecordType.Fork,
        ["SYSREC_DECODE_TASK_EXIT"] = (long)DecodeRecordType.TaskExit,
        ["SYSREC_DECODE_SIGNAL"] = (long)DecodeRecordType.Signal,
        ["SYSREC_DECODE_REREAD"] = (long)DecodeRecordType.Reread,
        ["SYSREC_CAPTURE_RETURN"] = CaptureSet.ReturnValue,
        ["SYSREC_CAPTURE_STACK_POINTER"] = CaptureSet.StackPointer,
        ["SYSREC_ARGV_MAX"] = CaptureOp.ArgvMax,
        ["SYSREC_ARGV_STRING_MAX"] = CaptureOp.ArgvStringMax,
        ["SYSREC_ARGV_COUNT_MAX"] = CaptureOp.StringArrayCountMax,
        ["SYSREC_MSG_NAME_MAX"] = CaptureOp.SockaddrMax,
        ["SYSREC_CAPTURE_UNREADABLE"] = (long)CaptureFlags.Unreadable,
        ["SYSREC_CAPTURE_TRUNCATED"] = (long)CaptureFlags.Truncated,
        ["SYSREC_CAPTURE_RETRIED"] = PendingCall.Retried,
        ["SYSREC_CAPTURE_STRING"] = (long)CaptureKind.String,
        ["SYSREC_CAPTURE_BYTES"] = (long)CaptureKind.Bytes,
        ["SYSREC_CAPTURE_ARRAY"] = (long)CaptureKind.Array,
        ["SYSREC_CAPTURE_STRING_ARRAY"] = (long)CaptureKind.StringArray,
        ["SYSREC_CAPTURE_IOVEC"] = (long)CaptureKind.Iovec,
        ["SYSREC_CAPTURE_MSGHDR"] = (long)CaptureKind.Msghdr,
        ["SYSREC_CAPTURE_SOCKADDR"] = (long)CaptureKind.Sockaddr,
        ["SYSREC_CAPTURE_FD_TARGET"] = (long)CaptureKind.FdTarget,
        ["SYSREC_CAPTURE_DIRENT_COUNT"] = (long)CaptureKind.DirentCount,
        ["SYSREC_LENGTH_NONE"] = (long)LengthSource.None,
        ["SYSREC_LENGTH_ARGUMENT"] = (long)LengthSource.Argument,
        ["SYSREC_LENGTH_RETURN"] = (long)LengthSource.Return,
        ["SYSREC_LENGTH_POINTEE"] = (long)LengthSource.ArgumentPointee,
        ["SYSREC_LENGTH_ARGUMENT_BITS"] = (long)LengthSource.ArgumentBits,
        ["SYSREC_OP_FD_IN_ARRAY"] = DecodeOp.FdInArray,
        ["SYSREC_SNAPLEN"] = CaptureOp.Snaplen,
        ["SYSREC_DECODE_OPS"] = DecodeOps.Length,
        ["SYSREC_DECODE_ITEM_MAX"] = TracerOptions.MaxSnaplen,
        ["SYSREC_SIGINFO_SIZE"] = SiginfoBytes.Length,
        ["SYSREC_MAX_CGROUPS"] = CgroupIds.Length,
        ["SYSREC_MAX_TABLE_THREADS"] = TidTables.MaxThreads,
        ["SYSREC_START_TICK_NS"] = TidTables.StartTickNs,
    };

    // Used by the BPF program alone: sizes of maps sysrec reads back from the map, a value C# tells by
    // its sign (PathArg.Readable), the include guard; the bounds of a decode record's scratch buffer and
    // loops, and the caps of payloads whose own lengths say what they hold; a signal's handler kind; how deep the cgroup walk goes; the ids of a text recording's records, which no output reads.
    private static readonly string[] s_cOnly =
        ["SYSREC_H", "SYSREC_PATH_LEN", "SYSREC_MAX_NAMES", "SYSREC_MAX_TID", "SYSREC_FILTER_SLOTS", "SYSREC_PATH_UNREADABLE",
         "SYSREC_DECODE_ROOM", "SYSREC_DECODE_SCRATCH", "SYSREC_DECODE_POS_MASK", "SYSREC_DECODE_SPARE",
         "SYSREC_IOVEC_MAX", "SYSREC_DIRENT_MAX", "SYSREC_MSG_CONTROL_MAX",
         "SYSREC_UNIX_PATH_MAX", "SYSREC_HANDLER_DEFAULT", "SYSREC_HANDLER_IGNORE", "SYSREC_HANDLER_CATCH", "SYSREC_CGROUP_DEPTH"];

    [Fact]
    public void EveryConstantOfTheHeaderIsMirroredOrKnownToBeTheProgramsAlone()
    {
        Assert.Equal(s_mirrors.Keys.Concat(s_cOnly).Order(StringComparer.Ordinal), HeaderConstants().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MirroredConstantsHaveTheHeadersValues()
    {
        Dictionary<string, long> header = HeaderConstants();
        foreach ((string name, long mirror) in s_mirrors)
            Assert.True(header.TryGetValue(name, out long value) && value == mirror, $"{name}: the header says {value}, C# {mirror}");
    }

    /// <summary>Every SYSREC_ macro of the header, with the value the compiler evaluates it to (0 for one without a value).</summary>
    private static Dictionary<string, long> HeaderConstants()
    {
        string header = Path.Combine(Repository.Root, "bpf", "sysrec.h");
        CommandResult macros = Run.Command("gcc", ["-dM", "-E", "-include", "linux/types.h", header]);
        Assert.True(macros.ExitCode == 0, macros.Stderr);
        string[] names = [.. macros.Stdout.Split('\n')
            .Select(line => line.Split(' ', 3))
            .Where(fields => fields.Length >= 2 && fields[0] == "#define" && fields[1].StartsWith("SYSREC_", StringComparison.Ordinal))
            .Select(fields => fields[1])];

        using var dir = new TempDirectory();
        string source = dir.File("constants.c");
        File.WriteAllLines(source,
        [
            "#include <stdio.h>",
            "#include <linux/types.h>",
            $"#include \"{header}\"",
            "int main(void) {",
            .. names.Where(name => name != "SYSREC_H").Select(name => $"\tprintf(\"{name} %lld\\n\", (long long)({name}));"),
            "\treturn 0;",
            "}",
        ]);
        string program = dir.File("constants");
        CommandResult build = Run.Command("gcc", ["-o", program, source]);
        Assert.True(build.ExitCode == 0, build.Stderr);
        CommandResult run = Run.Command(program, []);
        Assert.Equal(0, run.ExitCode);
        var values = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(fields => fields[0], fields => long.Parse(fields[1], CultureInfo.InvariantCulture));
        values["SYSREC_H"] = 0;
        return values;
    }
}
