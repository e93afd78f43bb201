using System.Globalization;
using System.Text;
using System.Text.Json;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>`sysrec export --format lidds` on real recordings: LID-DS 2021 lines, `time uid pid comm tid syscall direction params`.</summary>
[Collection(KernelCollection.Name)]
public sealed class LiddsExportTests
{
    [Fact]
    public void EachCallOfAThreadedWorkloadGivesAnEntryLineAndAnExitLineAfterIt()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("threads_getppid.c", "sr_lidds");
        int[] tids = [];
        Integration.Recording recording = Integration.Recording.While(["--exit", "sr_lidds"],
            () => tids = Workloads.Numbers(Workloads.RunCapturing(workload, "3", "200").Output), Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        Assert.True(result.ExitCode == 0, $"export exited with {result.ExitCode}: {result.Stderr}");
        string expected = ExpectedLines(recording.Trace);
        Assert.Equal(expected, File.ReadAllText(dir.File("trace.sc")));
        string[][] lines = [.. expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))];
        // Every worker thread's getppid calls are there, under its own tid, each entry followed by its exit.
        foreach (int tid in tids)
        {
            string[][] ofThread = [.. lines.Where(fields => fields[4] == tid.ToString(CultureInfo.InvariantCulture) && fields[5] == "getppid")];
            Assert.True(ofThread.Length == 400, $"thread {tid}: {ofThread.Length} getppid lines, not 200 entries and 200 exits");
            for (int i = 0; i < ofThread.Length; i += 2)
                Assert.Equal((">", "<"), (ofThread[i][6], ofThread[i + 1][6]));
        }
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
        Assert.All(lines, line => Assert.Equal(13, line.Split(' ').Length));
    }

    /// <summary>The lines the README promises, built from the recording read with a general JSON parser.</summary>
    private static string ExpectedLines(string recording)
    {
        var text = new StringBuilder();
        foreach (string line in recording.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement o = document.RootElement;
            if (o.TryGetProperty("event", out _))
                continue; // an exec event: no syscall, no line
            ulong ts = o.GetProperty("ts_ns").GetUInt64();
            string prefix = $"-1 {o.GetProperty("pid").GetInt64()} {o.GetProperty("comm").GetString()} {o.GetProperty("tid").GetInt64()} "
                + (o.GetProperty("name").GetString() ?? o.GetProperty("nr").GetInt64().ToString(CultureInfo.InvariantCulture));
            string args = string.Join(" ", o.GetProperty("args").EnumerateArray().Select((arg, i) => $"arg{i}={(long)arg.GetUInt64()}"));
            text.Append(CultureInfo.InvariantCulture, $"{ts} {prefix} > {args}\n");
            if (o.GetProperty("ret").ValueKind != JsonValueKind.Null)
                text.Append(CultureInfo.InvariantCulture, $"{ts + o.GetProperty("dur_ns").GetUInt64()} {prefix} < res={o.GetProperty("ret").GetInt64()}\n");
        }
        return text.ToString();
    }
}
