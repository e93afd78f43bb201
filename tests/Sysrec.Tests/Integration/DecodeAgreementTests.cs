using System.Text;

namespace Sysrec.Tests.Integration;

/// <summary>
/// `sysrec run --format strace` against `strace -f -yy -s 32` on the same workload, each run in a
/// directory of its own: the lines the kernel's captures rendered, made comparable (see
/// <see cref="StraceTranscript"/>), are strace's own, call for call, and every fd is named as strace
/// names it. The workloads make each call once in an order fixed per process, so the calls' names
/// agree exactly too.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class DecodeAgreementTests
{
    private const double IdenticalLines = 0.95;
    private const double NamedFdsAlike = 0.99;

    [Theory]
    [InlineData("decode_files.c", "work")]
    [InlineData("decode_net.c")]
    [InlineData("decode_procs.c", "/bin/sh")]
    public void TheKernelsCapturesRenderAsStracePrintsTheCalls(string source, params string[] arguments) =>
        AssertAgreement(Workloads.Build(source, "sr_" + Path.GetFileNameWithoutExtension(source), "-pthread"), arguments);

    // A static program, so that every call from its first is i386 code's: set_thread_area, mmap2, _llseek,
    // fcntl64, the socket calls through socketcall.
    [Fact]
    public void AStatic32BitProgramsCallsRenderAsStracePrintsThem()
    {
        Assert.SkipUnless(Workloads.CanRun32Bit(), "cc -m32 cannot build or this kernel cannot run a 32-bit program (gcc-multilib, IA32 emulation)");
        AssertAgreement(Workloads.Build("decode_i386.c", "sr_decode_i386", "-m32", "-static"), "work");
    }

    [Fact]
    public void WaitsAndSignalsRenderAsStracePrintsThem() =>
        AssertAgreement(Workloads.Build("decode_waits.c", "sr_decode_waits"));

    private static void AssertAgreement(string workload, params string[] arguments) => AssertAgreement(workload, IdenticalLines, NamedFdsAlike, arguments);

    private static void AssertAgreement(string workload, double identicalLines, double namedFdsAlike, params string[] arguments)
    {
        using var straceDirectory = new TempDirectory();
        using var sysrecDirectory = new TempDirectory();
        StraceTranscript strace = Traced(straceDirectory, ["strace", "-f", "-yy", "-s", "32", "-o", straceDirectory.File("out.txt"), workload, .. arguments]);
        StraceTranscript sysrec = Traced(sysrecDirectory, [Repository.Sysrec, "run", "-q", "--format", "strace", "-o", sysrecDirectory.File("out.txt"), "--", workload, .. arguments]);

        (int same, int total, string differences) = Compare(strace.Lines.Select(line => line.Text), sysrec.Lines.Select(line => line.Text));
        (int sameFds, int totalFds, string fdDifferences) = Compare(strace.NamedFds(), sysrec.NamedFds());
        TestContext.Current.TestOutputHelper?.WriteLine($"{Path.GetFileName(workload)}: {same} of {total} lines alike ({100.0 * same / total:F1}%), {sameFds} of {totalFds} named fds ({100.0 * sameFds / Math.Max(totalFds, 1):F1}%)");
        Assert.True(same >= identicalLines * total, $"{same} of {total} lines alike:\n{differences}");
        Assert.True(sameFds >= namedFdsAlike * totalFds, $"{sameFds} of {totalFds} named fds alike:\n{fdDifferences}");
        AssertSameCalls(strace, sysrec);
    }

    [Fact]
    public void APointerTheKernelCannotReadIsPrintedAsItsAddress()
    {
        string workload = Workloads.Build("decode_files.c", "sr_decode_files", "-pthread");
        using var directory = new TempDirectory();
        StraceTranscript sysrec = Traced(directory, [Repository.Sysrec, "run", "-q", "--format", "strace", "-o", directory.File("out.txt"), "--", workload, "work"]);

        // decode_files passes the address 8 for a path, a buffer written from and a stat buffer.
        string[] calls = [.. sysrec.Lines.Select(line => line.Text).Where(text => text.Contains("0x8,", StringComparison.Ordinal) || text.Contains("0x8)", StringComparison.Ordinal))];
        Assert.Contains(calls, text => text.StartsWith("openat(AT_FDCWD<DIR/work>, 0x8, O_RDONLY) = -1 EFAULT", StringComparison.Ordinal));
        Assert.Contains(calls, text => text.StartsWith("write(", StringComparison.Ordinal) && text.EndsWith(", 0x8, 10) = -1 EFAULT (Bad address)", StringComparison.Ordinal));
        Assert.Contains(calls, text => text.StartsWith("newfstatat(AT_FDCWD<DIR/work>, \"text.txt\", 0x8, 0) = -1 EFAULT", StringComparison.Ordinal));
    }

    // Runs the command with stdin and stdout /dev/null, so that the workload's fds 0 and 1 are named alike in
    // both runs, and SIGPIPE at its default, as sysrec run starts a command and a shell starts strace (this
    // test's own process ignores it).
    private static StraceTranscript Traced(TempDirectory directory, string[] command)
    {
        Directory.CreateDirectory(directory.File("work"));
        CommandResult result = Run.Command("env", ["--default-signal=PIPE", "/bin/sh", "-c", "exec \"$@\" </dev/null >/dev/null", "sh", .. command], directory.Path);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(command[0])} exited with {result.ExitCode}: {result.Stderr}");
        return StraceTranscript.Read(directory.File("out.txt"), directory.Path);
    }

    /// <summary>How many of the two multisets' items match, of the larger's count, and the ones that do not.</summary>
    private static (int Same, int Total, string Differences) Compare(IEnumerable<string> strace, IEnumerable<string> sysrec)
    {
        Dictionary<string, int> left = Counts(strace), right = Counts(sysrec);
        int same = left.Sum(pair => Math.Min(pair.Value, right.GetValueOrDefault(pair.Key)));
        int total = Math.Max(left.Values.Sum(), right.Values.Sum());
        var differences = new StringBuilder();
        foreach ((string text, int count) in left.Where(pair => pair.Value > right.GetValueOrDefault(pair.Key)))
            differences.AppendLine($"  strace only ({count - right.GetValueOrDefault(text)}): {text}");
        foreach ((string text, int count) in right.Where(pair => pair.Value > left.GetValueOrDefault(pair.Key)))
            differences.AppendLine($"  sysrec only ({count - left.GetValueOrDefault(text)}): {text}");
        return (same, total, differences.ToString());
    }

    private static Dictionary<string, int> Counts(IEnumerable<string> items) =>
        items.GroupBy(item => item, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    // Each process made the same calls in the same order; but for one killed by a signal, which makes what
    // it got to do (if anything) a race.
    private static void AssertSameCalls(StraceTranscript strace, StraceTranscript sysrec)
    {
        HashSet<int> killed = [.. strace.Lines.Where(line => line.Text.StartsWith("+++ killed by", StringComparison.Ordinal)).Select(line => line.Process)];
        Dictionary<int, string[]> expected = Surviving(strace.CallsByProcess(), killed), actual = Surviving(sysrec.CallsByProcess(), killed);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((int process, string[] calls) in expected)
            Assert.True(calls.SequenceEqual(actual[process]), $"process {process}: strace saw {string.Join(' ', calls)}\nsysrec saw {string.Join(' ', actual[process])}");
    }

    private static Dictionary<int, string[]> Surviving(IReadOnlyDictionary<int, string[]> calls, HashSet<int> killed) =>
        calls.Where(pair => !killed.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value);
}
