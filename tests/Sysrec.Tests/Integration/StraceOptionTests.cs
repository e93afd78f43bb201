using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// What strace users reach for first, with strace's meaning: -ff (a file per process), -t/-tt/-ttt (wall-clock
/// time stamps), -Z (only failed calls), -o - (stdout) and a FIFO as -o; and a clear refusal where one
/// cannot mean anything.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class StraceOptionTests
{
    [Fact]
    public void DoubleFWritesOneFilePerProcessNamedAfterTheOutput()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec,
            ["run", "-ff", "-o", dir.File("t"), "--", "sh", "-c", "/bin/true; /bin/true; echo $$"], dir.Path);

        Assert.Equal(0, result.ExitCode);
        int shell = int.Parse(result.Stdout.Trim());
        Assert.False(File.Exists(dir.File("t")), "-ff wrote the combined trace too");
        string[] files = [.. Directory.GetFiles(dir.Path, "t.*").Select(Path.GetFileName).Order()!];
        Assert.Equal(3, files.Length); // the shell and its two children, each followed (-ff is -f too)
        Assert.Contains($"t.{shell}", files);
        foreach (string file in files)
        {
            int pid = int.Parse(file["t.".Length..]);
            IReadOnlyList<TraceEntry> lines = TraceFile.Read(dir.File(file));
            Assert.NotEmpty(lines);
            Assert.All(lines, line => Assert.Equal(pid, line.Pid));
        }
        Assert.Contains("one file per process (3 files)", result.Stderr);
        Assert.Equal(files.Sum(file => TraceFile.Read(dir.File(file)).Count), RecorderSummary.Parse(result.Stderr).Events);
    }

    [Fact]
    public void DoubleFGivesEachProcessTheCallsStraceFShowsForItOnTheSameRun()
    {
        // A shell of a name of the test's own, so that no other shell on the machine is recorded.
        using var dir = new TempDirectory();
        string shell = dir.File("sr_ff_sh");
        File.Copy("/bin/sh", shell);
        Dictionary<int, List<StracedCall>> strace;
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-ff", "-o", dir.File("t"), "sr_ff_sh"))
        {
            strace = StraceLog.Run([], dir.Path, [shell, "-c", "/bin/true; /bin/true"]);
            result = recorder.Stop();
        }

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(3, strace.Count);
        Assert.Equal(strace.Keys.Order().Select(pid => $"t.{pid}"), Directory.GetFiles(dir.Path, "t.*").Select(Path.GetFileName).Order());
        // The shell is the process no other one forked; strace shows the execve that started it, and sysrec,
        // which marks it at that exec, starts after it.
        int started = strace.Keys.Single(pid => !strace.Values.Any(calls => calls.Any(call => call.Name is "clone" or "clone3" or "fork" or "vfork" && call.Ret == pid)));
        Assert.Equal("execve", strace[started][0].Name);
        foreach ((int pid, List<StracedCall> calls) in strace)
        {
            IEnumerable<StracedCall> expected = pid == started ? calls[1..] : calls;
            Assert.Equal(expected.Select(call => call.Nr), TraceFile.Read(dir.File($"t.{pid}")).Select(line => line.SyscallId));
        }
    }

    [Fact]
    public void DoubleFWithJsonLinesGivesEachFileItsExecEvents()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec,
            ["run", "-ff", "--format", "jsonl", "-o", dir.File("t"), "--", "sh", "-c", "/bin/true; echo $$"], dir.Path);

        Assert.Equal(0, result.ExitCode);
        string[] files = Directory.GetFiles(dir.Path, "t.*");
        Assert.Equal(2, files.Length);
        string child = files.Single(file => file != dir.File($"t.{result.Stdout.Trim()}"));
        Assert.Equal(["/bin/true"], JsonlTrace.Execs(File.ReadAllText(child)).Select(exec => exec.Exe));
    }

    [Theory]
    [InlineData("-t", @"^(\d\d):(\d\d):(\d\d) $")]
    [InlineData("-tt", @"^(\d\d):(\d\d):(\d\d)\.(\d{6}) $")]
    [InlineData("-ttt", @"^(\d+)\.(\d{6}) $")]
    public void TimeStampsStartEachTextLineWithTheWallClock(string option, string stamp)
    {
        using var dir = new TempDirectory();
        DateTimeOffset before = DateTimeOffset.Now;
        CommandResult plain = Run.Command(Repository.Sysrec, ["run", "-q", "-o", dir.File("plain.log"), "--", "/bin/true"], dir.Path);
        CommandResult stamped = Run.Command(Repository.Sysrec, ["run", "-q", option, "-o", dir.File("t.log"), "--", "/bin/true"], dir.Path);
        DateTimeOffset after = DateTimeOffset.Now;

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, stamped.ExitCode);
        string[] lines = File.ReadAllLines(dir.File("t.log"));
        Assert.Equal(File.ReadAllLines(dir.File("plain.log")).Length, lines.Length);
        foreach (string line in lines)
        {
            int space = line.IndexOf(' ');
            Match match = Regex.Match(line[..(space + 1)], stamp);
            Assert.True(match.Success, $"'{line}' does not start with a {option} time stamp");
            DateTimeOffset time = option == "-ttt"
                ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups[1].Value)).ToLocalTime()
                : new DateTimeOffset(before.Date.AddHours(int.Parse(match.Groups[1].Value)).AddMinutes(int.Parse(match.Groups[2].Value))
                    .AddSeconds(int.Parse(match.Groups[3].Value)), before.Offset);
            Assert.InRange(time, before.AddSeconds(-1), after);
            Assert.Matches(@"^\d+:\d+:true$", line[(space + 1)..]); // the design's line, unchanged
        }
    }

    [Fact]
    public void RecordingsWithTimeStampsReadAsTheSameRecordingsWithout()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run.Command(Repository.Sysrec, ["run", "-q", "-tt", "-o", dir.File("t.log"), "--", "/bin/true"], dir.Path).ExitCode);
        File.WriteAllLines(dir.File("plain.log"), File.ReadAllLines(dir.File("t.log")).Select(line => line[(line.IndexOf(' ') + 1)..]));

        CommandResult stamped = Run.Command(Repository.Sysrec, ["stats", dir.File("t.log")]);
        CommandResult plain = Run.Command(Repository.Sysrec, ["stats", dir.File("plain.log")]);

        Assert.Equal(0, stamped.ExitCode);
        Assert.Equal(plain.Stdout, stamped.Stdout);
    }

    [Fact]
    public void FailedOnlyKeepsTheCallsThatReturnedAnError()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("missing");
        CommandResult result = Run.Command(Repository.Sysrec,
            ["run", "-Z", "--exit", "--format", "jsonl", "--paths", "-o", dir.File("t.jsonl"), "--", "cat", missing], dir.Path);

        Assert.Equal(1, result.ExitCode); // cat's
        var returns = File.ReadAllLines(dir.File("t.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => !line.TryGetProperty("event", out _))
            .ToList();
        // cat fails the same calls on every run: those strace -Z shows.
        var strace = StraceLog.Run(["-Z"], dir.Path, ["cat", missing], exitCode: 1).Values.Single();
        Assert.Equal(strace.Select(call => (call.Name, call.Ret)), returns.Select(line => (line.GetProperty("name").GetString()!, (long?)line.GetProperty("ret").GetInt64())));
        Assert.Contains(returns, line => line.GetProperty("name").GetString() == "openat"
            && line.TryGetProperty("paths", out JsonElement paths) && paths[0].GetString() == missing && line.GetProperty("ret").GetInt64() == -2);
    }

    [Fact]
    public void DashAsTheOutputIsStdout()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-o", "-", "--", "/bin/true"], dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(Directory.GetFiles(dir.Path));
        IReadOnlyList<TraceEntry> lines = TraceFile.Parse(result.Stdout);
        Assert.Equal(RecorderSummary.Parse(result.Stderr).Events, lines.Count);
        Assert.All(lines, line => Assert.Equal("true", line.Comm));
        Assert.Contains("written to stdout", result.Stderr);
    }

    [Fact]
    public void ARecorderWritingToStdoutStopsWhenItsReaderGoes()
    {
        // Ending by itself is the point; the bound is only there to fail a recorder that never does.
        CommandResult result = Run.Command("sh", ["-c", $"{Repository.Sysrec} record -o - '*' | head -1 >/dev/null; echo $?"], timeout: Eventually.Bound);

        Assert.Equal("0", result.Stdout.Trim());
        Assert.Matches("events written to stdout", result.Stderr);
        Assert.Contains("sysrec: the reader of stdout went away; the records that came after it were not written", result.Stderr);
    }

    [Fact]
    public void AFifoAsTheOutputIsWrittenAsAStream()
    {
        using var dir = new TempDirectory();
        string fifo = dir.File("trace.fifo");
        Assert.Equal(0, MkFifo(fifo, 0b110_000_000));

        // The reader first, as strace users have one: `cat FIFO > copy &`.
        CommandResult result = Run.Command("sh", ["-c", $"cat {fifo} > {dir.File("copy")} & {Repository.Sysrec} run -o {fifo} -- /bin/true; status=$?; wait; exit $status"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(RecorderSummary.Parse(result.Stderr).Events, TraceFile.Read(dir.File("copy")).Count);
    }

    [Theory]
    [InlineData("-ff -o -", "sysrec: -ff: a file per process is named after -o (NAME.PID), and -o - is stdout")]
    [InlineData("-ff --max-size 1M", "sysrec: --max-size: with -ff each process has a file of its own")]
    [InlineData("-o - --max-size 1M", "sysrec: --max-size: stdout is not a file that can be cut into parts")]
    [InlineData("-t --format jsonl", "sysrec: -t: JSON Lines carry each call's time in ts_ns already")]
    [InlineData("-Z", "sysrec: -Z: whether a call failed is known only from its return, which needs --exit")]
    public void OptionsThatCannotGoTogetherAreRefusedInOneLine(string options, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.log"), "keep\n");
        CommandResult result = Run.Command(Repository.Sysrec, ["run", .. options.Split(' '), "--", "/bin/true"], dir.Path);

        Assert.StartsWith(message, result.Stderr);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("keep\n", File.ReadAllText(dir.File("trace.log")));
        Assert.Equal(["trace.log"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
