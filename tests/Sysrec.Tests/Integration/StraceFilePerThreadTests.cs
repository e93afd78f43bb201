namespace Sysrec.Tests.Integration;

/// <summary>
/// `sysrec run -ff --format strace -o NAME` against `strace -ff -tt -yy -o NAME` on the same workload (fork,
/// wait, a thread, a kill, an exec): a file NAME.TID per thread, in the same number, each holding the
/// same calls in the same order as strace's, their lines alike, with no pid before them.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class StraceFilePerThreadTests
{
    private const double IdenticalLines = 0.95;

    [Fact]
    public void EachThreadsLinesGoToItsOwnFileAsStraceWritesThem()
    {
        string workload = Workloads.Build("decode_procs.c", "sr_decode_procs", "-pthread");
        using var straceDirectory = new TempDirectory();
        using var sysrecDirectory = new TempDirectory();
        Traced(straceDirectory, ["strace", "-ff", "-tt", "-yy", "-o", straceDirectory.File("out"), workload, "/bin/sh"]);
        Traced(sysrecDirectory, [Repository.Sysrec, "run", "-q", "-ff", "--format", "strace", "-o", sysrecDirectory.File("out"), "--", workload, "/bin/sh"]);

        List<StraceTranscript.Line>[] strace = Files(straceDirectory), sysrec = Files(sysrecDirectory);
        Assert.Equal(strace.Length, sysrec.Length);
        Assert.All(Directory.GetFiles(sysrecDirectory.Path, "out.*").SelectMany(File.ReadAllLines),
            line => Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} ", line));
        int same = 0, total = 0;
        for (int i = 0; i < strace.Length; i++)
        {
            // The calls, in order: a signal's line may come before or after a call, as the signal came. A
            // child killed before it got to make a call, or after one: what it did is a race.
            if (!strace[i].Concat(sysrec[i]).Any(line => line.Text.StartsWith("+++ killed by SIGKILL", StringComparison.Ordinal)))
                Assert.Equal(Calls(strace[i]), Calls(sysrec[i]));
            HashSet<string> straceLines = [.. strace[i].Select(line => line.Text)];
            same += sysrec[i].Count(line => straceLines.Contains(line.Text));
            total += Math.Max(strace[i].Count, sysrec[i].Count);
        }
        Assert.True(same >= IdenticalLines * total, $"{same} of {total} lines alike");
    }

    private static IEnumerable<string> Calls(List<StraceTranscript.Line> lines) => lines.Where(line => line.Name.Length > 0).Select(line => line.Name);

    // The run's files in the order of their thread ids, each file's lines: read as one strace -f file whose
    // lines start with the thread id each file is named after, so that every pid is told apart from other numbers.
    private static List<StraceTranscript.Line>[] Files(TempDirectory directory)
    {
        string[] files = [.. Directory.GetFiles(directory.Path, "out.*").OrderBy(path => int.Parse(Path.GetExtension(path)[1..]))];
        string joined = directory.File("joined.txt");
        File.WriteAllLines(joined, files.SelectMany(path => File.ReadAllLines(path).Select(line => $"{Path.GetExtension(path)[1..]} {line}")));
        StraceTranscript transcript = StraceTranscript.Read(joined, directory.Path);
        return [.. Enumerable.Range(0, files.Length).Select(rank => transcript.Lines.Where(line => line.Process == rank).ToList())];
    }

    private static void Traced(TempDirectory directory, string[] command)
    {
        CommandResult result = Run.Command("env", ["--default-signal=PIPE", "/bin/sh", "-c", "exec \"$@\" </dev/null >/dev/null", "sh", .. command], directory.Path);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(command[0])} exited with {result.ExitCode}: {result.Stderr}");
    }
}
