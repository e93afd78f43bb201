using Sysrec.IO;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Analysis;

/// <summary>
/// An OCI/Docker seccomp profile that allows exactly the syscalls of a recording and denies every other
/// with EPERM. A profile names syscalls, and one name list serves every architecture it lists, so a name
/// seen in either table is allowed in both; a number the tables cannot name cannot be allowed at all and
/// is left in <see cref="Unnamed"/> for the user to hear about.
/// </summary>
internal sealed record SeccompProfile(IReadOnlyList<string> Architectures, IReadOnlyList<string> Names, IReadOnlyList<SyscallKey> Unnamed)
{
    /// <summary>
    /// Also allowed, though never in a recording: whatever applies the profile (runc, systemd, a helper)
    /// loads it and then execs the program, and that execve is still checked by the filter. A recording
    /// never holds it, since a program's tracing starts after the exec that started it.
    /// </summary>
    public const string StartingExec = "execve";

    /// <param name="startingCalls">
    /// What whatever applies the profile calls between loading it and exec'ing the program:
    /// <see cref="StartingExec"/>, or a runtime's <see cref="RuntimeCalls"/>.
    /// </param>
    public static SeccompProfile FromTrace(RecordingFiles recording, IEnumerable<string> startingCalls)
    {
        var seen = new HashSet<SyscallKey>();
        using (TraceReader trace = TraceReader.Open(recording))
        {
            while (trace.TryRead(out TraceEvent syscall))
                seen.Add(syscall.Syscall);
        }
        return FromSyscalls(seen, startingCalls);
    }

    /// <summary>The profile of the syscalls a recording was seen making, each once.</summary>
    /// <param name="startingCalls">As for <see cref="FromTrace"/>.</param>
    public static SeccompProfile FromSyscalls(IReadOnlyCollection<SyscallKey> seen, IEnumerable<string> startingCalls)
    {
        var names = new SortedSet<string>(startingCalls, StringComparer.Ordinal);
        List<SyscallKey> unnamed = [];
        foreach (SyscallKey syscall in seen)
        {
            if (syscall.Name is string name)
                names.Add(name);
            else
                unnamed.Add(syscall);
        }
        List<string> architectures = [NativeArchitecture()];
        if (seen.Any(syscall => syscall.Abi == SyscallAbi.I386))
            architectures.Add("SCMP_ARCH_X86");
        return new SeccompProfile(architectures, [.. names], [.. unnamed.OrderBy(s => s.Abi).ThenBy(s => s.Number)]);
    }

    private static string NativeArchitecture() => JsonLine.NativeAbi switch
    {
        "x86_64" => "SCMP_ARCH_X86_64",
        "arm64" => "SCMP_ARCH_AARCH64",
        var other => throw new SysrecException(ExitCodes.Failure, $"no seccomp architecture is known for {other}"),
    };
}
