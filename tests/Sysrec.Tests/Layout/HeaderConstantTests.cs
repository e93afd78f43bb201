using System.Globalization;
using System.Runtime.InteropServices;
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
    };

    // Used by the BPF program alone: sizes of maps sysrec reads back from the map, a value C# tells by
    // its sign (PathArg.Readable), and the include guard.
    private static readonly string[] s_cOnly =
        ["SYSREC_H", "SYSREC_PATH_LEN", "SYSREC_MAX_NAMES", "SYSREC_MAX_TID", "SYSREC_FILTER_SLOTS", "SYSREC_PATH_UNREADABLE"];

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
