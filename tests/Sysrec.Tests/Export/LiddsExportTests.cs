using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>`sysrec export --format lidds` on real recordings: LID-DS 2021 lines, `time uid pid comm tid syscall direction params`.</summary>
[Collection(KernelCollection.Name)]
public sealed partial class LiddsExportTests
{
    [Fact]
    public void EachCallOfAThreadedWorkloadGivesAnEntryAndAnExitLineAllInTimeOrder()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("threads_getppid.c", "sr_lidds");
        int[] tids = [];
        Integration.Recording recording = Integration.Recording.While(["--exit", "sr_lidds"],
            () => tids = Workloads.Numbers(Workloads.RunCapturing(workload, "3", "200").Output), Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, $"export exited with {result.ExitCode}: {result.Stderr}");
        string[][] lines = [.. File.ReadAllLines(dir.File("trace.sc")).Select(line => line.Split(' '))];
        // A line per entry and per exit of every call, as sysdig writes them: in time order across threads.
        int returned = recording.Trace.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(line => JsonDocument.Parse(line).RootElement.TryGetProperty("ret", out JsonElement ret) && ret.ValueKind != JsonValueKind.Null);
        Assert.Equal(recording.JsonlEntries.Count + returned, lines.Length);
        ulong[] times = [.. lines.Select(fields => ulong.Parse(fields[0], CultureInfo.InvariantCulture))];
        Assert.True(IsSorted(times), "lines out of time order");
        foreach (int tid in tids)
        {
            // getppid is a generic event in sysdig: its own name, no parameters; each entry before its exit.
            string[] ofThread = [.. lines.Where(fields => fields[4] == tid.ToString(CultureInfo.InvariantCulture) && fields[5] == "getppid")
                .Select(fields => string.Join(' ', fields[1..]))];
            string comm = "sr_lidds";
            // The workload runs as root.
            Assert.Equal(Enumerable.Range(0, 400).Select(i => $"0 {recording.JsonlEntries.First(e => e.Tid == tid).Pid} {comm} {tid} getppid {(i % 2 == 0 ? '>' : '<')}"),
                ofThread);
            Assert.Equal(200, recording.JsonlEntries.Count(e => e.Tid == tid && e.Name == "getppid"));
        }
    }

    [Theory]
    [InlineData("--exit")]
    [InlineData("--decode")]
    public void ACallThatBlockedIsWrittenAtItsTimeAmongTheCallsOtherThreadsMadeMeanwhile(string recordingOption)
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("blocked_read_threads.c", "sr_lidds_blocked");
        // A read waits on a pipe for 200 ms while the main thread makes its calls; the read's record comes last.
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "-q", "--format", "jsonl", recordingOption, "-o", "trace.jsonl", "--", workload, "200"], dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        int[] tids = Workloads.Numbers(recorded.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, $"export exited with {result.ExitCode}: {result.Stderr}");
        string[][] lines = [.. File.ReadAllLines(dir.File("trace.sc")).Select(line => line.Split(' '))];
        ulong[] times = [.. lines.Select(fields => ulong.Parse(fields[0], CultureInfo.InvariantCulture))];
        int late = Enumerable.Range(1, times.Length - 1).FirstOrDefault(i => times[i] < times[i - 1]);
        if (late != 0)
            Assert.Fail($"line {late + 1} is out of time order: {string.Join(' ', lines[late])} after {string.Join(' ', lines[late - 1])}");
        // The read entered before the main thread's getppid calls and returned after them.
        int read = Array.FindIndex(lines, fields => fields[4] == tids[0].ToString(CultureInfo.InvariantCulture) && fields[5] == "read" && fields[6] == ">");
        Assert.True(read >= 0 && read < Array.FindIndex(lines, fields => fields[5] == "getppid"), "the blocked read's entry is not before the other thread's calls");
        // Only the order across threads changed: each thread has the lines its records give, in their order.
        string jsonl = File.ReadAllText(dir.File("trace.jsonl"));
        (ulong monotonic, ulong realtime) = Assert.Single(JsonlTrace.Clocks(jsonl));
        ulong toUnix = realtime - monotonic;
        IReadOnlyList<JsonlEntry> calls = JsonlTrace.Parse(jsonl);
        Assert.Equal(calls.Count + calls.Count(call => call.Ret is not null), lines.Length);
        foreach (int tid in calls.Select(call => call.Tid).Distinct())
        {
            string text = tid.ToString(CultureInfo.InvariantCulture);
            IEnumerable<string> expected = calls.Where(call => call.Tid == tid).SelectMany(call =>
                call.Ret is null ? [$"{call.TsNs + toUnix} >"] : new[] { $"{call.TsNs + toUnix} >", $"{call.TsNs + call.DurNs + toUnix} <" });
            Assert.Equal(expected, lines.Where(fields => fields[4] == text).Select(fields => $"{fields[0]} {fields[6]}"));
        }
    }

    [Fact]
    public void WithoutDecodedValuesFileCallsCarrySysdigsParametersWhereTheRegistersHoldThem()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("path_calls.c", "sr_lidds_files");
        Directory.CreateDirectory(dir.File("work"));
        Integration.Recording recording = Integration.Recording.While(["--exit", "sr_lidds_files"],
            () => Workloads.RunToEnd(workload, dir.File("work")), Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, $"export exited with {result.ExitCode}: {result.Stderr}");
        // The last openat that made an fd is the workload's own.
        long fd = recording.Trace.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Where(o => o.TryGetProperty("name", out JsonElement name) && name.GetString() == "openat" && o.GetProperty("ret").GetInt64() >= 0)
            .Last().GetProperty("ret").GetInt64();
        string[] calls = [.. File.ReadAllLines(dir.File("trace.sc")).Select(line => string.Join(' ', line.Split(' ')[5..]))];
        // The workload's own calls, in order: openat creating a file, close, ..., openat of a missing name,
        // of one too long, of a bad pointer. Flags and modes are in the registers; paths and what the fds
        // are the recording does not hold: left out.
        string[] expected =
        [
            "openat >", $"openat < fd={fd} dirfd=-100(AT_FDCWD) flags=6(O_CREAT|O_WRONLY) mode=0600", $"close > fd={fd}", "close < res=0",
            "openat >", "openat < fd=-2(ENOENT) dirfd=-100(AT_FDCWD) flags=1(O_RDONLY) mode=0",
            "openat >", "openat < fd=-36(ENAMETOOLONG) dirfd=-100(AT_FDCWD) flags=1(O_RDONLY) mode=0",
            "openat >", "openat < fd=-14(EFAULT) dirfd=-100(AT_FDCWD) flags=1(O_RDONLY) mode=0",
        ];
        string[] fileCalls = [.. calls.Where(call => call.StartsWith("openat ", StringComparison.Ordinal) || call.StartsWith("close ", StringComparison.Ordinal))];
        int first = Array.LastIndexOf(fileCalls, expected[1]) - 1;
        Assert.Equal(expected, fileCalls.Skip(first).Take(expected.Length));
    }

    [Fact]
    public void ADecodedRecordingGivesTheParametersALiveRecordingOfTheSameRunGives()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("lidds_params.c", "sr_lidds_decoded");
        Directory.CreateDirectory(dir.File("live"));
        Directory.CreateDirectory(dir.File("decoded"));
        Directory.CreateDirectory(dir.File("out"));
        string[] command = ["-s", "256", "--", "/bin/sh", "-c", $"exec {workload} {{0}}"];

        CommandResult live = Run.Command(Repository.Sysrec, ["run", "-q", "--lidds", "out/live", .. command.Select(a => string.Format(CultureInfo.InvariantCulture, a, "live"))], dir.Path);
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "-q", "--format", "jsonl", "--decode", "-o", "t.jsonl", .. command.Select(a => string.Format(CultureInfo.InvariantCulture, a, "decoded"))], dir.Path);
        CommandResult exported = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "t.sc"], dir.Path);

        Assert.True(live.ExitCode == 0 && recorded.ExitCode == 0 && exported.ExitCode == 0, live.Stderr + recorded.Stderr + exported.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("out/live.zip"));
        using var reader = new StreamReader(zip.GetEntry("live.sc")!.Open());
        string[] liveLines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] exportedLines = File.ReadAllLines(dir.File("t.sc"));
        // The workload's calls from its chdir on, each run's directory, fds and ports made alike.
        string[] Own(string[] lines, string work) => [.. lines.SkipWhile(line => !line.EndsWith(" chdir >", StringComparison.Ordinal))
            .Select(line => Ports().Replace(string.Join(' ', line.Split(' ')[5..]).Replace(dir.File(work), "WORK", StringComparison.Ordinal), "127.0.0.1:P"))];
        string[] fromLive = Own(liveLines, "live");
        string[] fromExport = Own(exportedLines, "decoded");
        Assert.Contains($"read < res=12 data=aGVsbG8gbGlkZHMK", fromExport);
        // jsonl names connect's socket as it was when the call began, before it had a peer: its tuple is left out.
        Assert.Equal(fromLive.Select(line => line == "connect < res=0 tuple=127.0.0.1:P->127.0.0.1:P" ? "connect < res=0" : line), fromExport);
        // The exec's exit line: the new program's comm and argv[0]; jsonl does not name the cwd there.
        string Exec(string[] lines) => Regex.Replace(lines.Select(line => line.Split(' ', 6)).Last(f => f[5].StartsWith("execve < ", StringComparison.Ordinal)) is var f
            ? $"{f[3]} {f[5]}" : "", @"(tid|pid)=\d+", "$1=N");
        Assert.Equal(Exec(liveLines).Replace($" cwd={dir.Path}", "", StringComparison.Ordinal), Exec(exportedLines));
        Assert.Equal($"sr_lidds_decode execve < res=0 exe={workload} tid=N pid=N comm=sr_lidds_decode", Exec(exportedLines));
    }

    [Fact]
    public void AnExecsExitLineCarriesTheNewProgramsComm()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_lidds_exec");
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "-o", "t.jsonl", "--", "/bin/sh", "-c", $"exec {workload} 3"], dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "t.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        // sh's exec of the workload: entered by sh, returned in the workload, as sysdig's thread table has it then.
        string[][] execs = [.. File.ReadAllLines(dir.File("t.sc")).Select(line => line.Split(' ')).Where(fields => fields[5] == "execve")];
        Assert.Equal([("sh", ">"), ("sr_lidds_exec", "<")], execs[^2..].Select(fields => (fields[3], fields[6])));
    }

    [Fact]
    public void ATextRecordingIsRefusedSinceItHasNeitherTimeNorThreadAndNothingIsWritten()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_lidds_text");
        Integration.Recording recording = Integration.Recording.While(["sr_lidds_text"], () => Workloads.RunToEnd(workload, "10"));
        File.WriteAllText(dir.File("trace.log"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.log", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        string error = ErrorOutput.AssertOneLine(result, exitCode: 2);
        Assert.Equal("sysrec: trace.log: the LID-DS format needs the time and thread of each call, and text lines carry neither. Record with --format jsonl", error);
        Assert.Equal(["trace.log"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AnEmptyCommIsADashSoThatEveryFieldHasSomethingInIt()
    {
        using var dir = new TempDirectory();
        string Call(string comm) =>
            $"{{\"ts_ns\":1,\"pid\":1,\"tid\":1,\"comm\":\"{comm}\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}}\n";
        File.WriteAllText(dir.File("trace.jsonl"), Call("") + Call("-") + Call("a b"));

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = File.ReadAllLines(dir.File("trace.sc"));
        Assert.Equal(["-", "\\x2d", "a\\x20b"], lines.Select(line => line.Split(' ')[3]));
        Assert.All(lines, line => Assert.DoesNotContain("  ", line));
        Assert.All(lines, line => Assert.Equal("read > fd=0 size=0", string.Join(' ', line.Split(' ')[5..])));
    }

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Ports();

    private static bool IsSorted(IEnumerable<ulong> values) => values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second);
}
