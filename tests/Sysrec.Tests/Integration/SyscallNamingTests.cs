using Sysrec.Syscalls;
using Sysrec.Kernel;

namespace Sysrec.Tests.Integration;

/// <summary>
/// How calls are written: by name in a recording (--names) and in split's files (--names), in ADFA-LD's
/// i386 numbering (--numbering i386, with a warning for what has no i386 call), and split without its
/// manifest (--no-manifest).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class SyscallNamingTests
{
    [Fact]
    public void RecordNamesEachCallAsStraceNamesItOnTheSameRun()
    {
        string workload = Workloads.Build("returns_mix.c", "sr_record_names");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("decoy"), "hello world\n");
        Dictionary<int, List<StracedCall>> strace = [];
        string trace = Recording.While(["--names", "sr_record_names"], () => strace = StraceLog.Run([], dir.Path, [workload, "decoy"])).Trace;

        // pid:name:comm, the design's line with the number's name in its place.
        string[][] lines = [.. trace.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(':', 3))];
        Assert.All(lines, fields => Assert.Equal("sr_record_names", fields[2]));
        foreach ((int pid, List<StracedCall> calls) in strace)
        {
            IEnumerable<string> expected = (calls[0].Name == "execve" ? calls[1..] : calls).Select(call => call.Name);
            Assert.Equal(expected, lines.Where(fields => fields[0] == pid.ToString()).Select(fields => fields[1]));
        }
        Assert.Equal(lines.Length, strace.Values.Sum(calls => calls.Count) - 1);
    }

    [Fact]
    public void SplitNamesEachCallAndMarksTheI386Ones()
    {
        string workload = Workloads.Build("int80_getpid.c", "sr_split_names");
        int pid = 0;
        Recording recording = Recording.While(["sr_split_names"], () => pid = Workloads.RunToEnd(workload, "20"), Recording.Jsonl);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult split = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "out", "--names"], dir.Path);

        Assert.True(split.ExitCode == 0, split.Stderr);
        var calls = recording.JsonlEntries.Where(e => e.Pid == pid).ToList();
        Assert.Equal(20, calls.Count(e => e.Abi == TraceFile.I386Abi));
        string expected = string.Join(' ', calls.Select(e => e.Abi == TraceFile.I386Abi ? $"i386/{e.Name}" : e.Name)) + "\n";
        Assert.Equal(expected, File.ReadAllText(dir.File($"out/sr_split_names:{pid}.log")));
        Assert.Contains(" i386/getpid ", expected);
    }

    [Fact]
    public void I386NumberingWritesWhatA32BitGlibcCallsAndCountsWhatHasNoI386Call()
    {
        using var dir = new TempDirectory();
        // Calls of this machine's table: one the i386 table has by name, three a 32-bit glibc makes another
        // way, one with no i386 counterpart twice; and an i386 call, which stays as it is.
        string[] native = ["getppid", "mmap", "fstat", "socket", "kexec_file_load", "kexec_file_load"];
        File.WriteAllText(dir.File("trace.log"),
            string.Concat(native.Select(name => $"7:{Number(SyscallAbi.Native, name)}:a\n")) + $"7:i386/{Number(SyscallAbi.I386, "getpid")}:a\n");

        CommandResult split = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", "out", "--numbering", "i386"], dir.Path);

        Assert.True(split.ExitCode == 0, split.Stderr);
        long[] expected = [.. new[] { "getppid", "mmap2", "fstat64", "socketcall", "getpid" }.Select(name => Number(SyscallAbi.I386, name))];
        Assert.Equal(string.Join(' ', expected) + "\n", File.ReadAllText(dir.File("out/a:7.log")));
        Assert.Equal("sysrec: warning: left out 2 calls that have no i386 counterpart: kexec_file_load (2)", split.Stderr.Split('\n')[0]);
    }

    [Fact]
    public void NoManifestWritesTheSameFilesAndNoManifest()
    {
        string workload = Workloads.Build("forker.c", "sr_no_manifest");
        Recording recording = Recording.While(["sr_no_manifest"], () => Workloads.RunCapturing(workload, "2", "10"));
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.log"), recording.Trace);

        CommandResult with = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", "with"], dir.Path);
        CommandResult without = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", "without", "--no-manifest"], dir.Path);

        Assert.True(with.ExitCode == 0 && without.ExitCode == 0, with.Stderr + without.Stderr);
        string[] files = [.. Directory.GetFiles(dir.File("without")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(3, files.Length);
        Assert.Equal(files.Append("manifest.csv").Order(StringComparer.Ordinal), Directory.GetFiles(dir.File("with")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, file => Assert.Equal(File.ReadAllText(dir.File($"with/{file}")), File.ReadAllText(dir.File($"without/{file}"))));
    }

    private static long Number(SyscallAbi abi, string name)
    {
        Assert.True(SyscallTable.TryNumber(abi, name, out long number), $"no {name} in the {abi} table");
        return number;
    }
}
