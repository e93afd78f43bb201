using System.Text;

namespace Sysrec.Tests.Integration;

/// <summary>
/// A process chooses its own comm (prctl PR_SET_NAME) and so can try to forge trace lines or file names.
/// These run real processes under such names and read what the recorder and the formatter made of them.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class HostileCommTests
{
    private const string WorkloadName = "sr_hostile";

    // Each would break a naive writer: a forged line, escapes and colons, bytes that are not UTF-8 or are
    // control bytes, a path, a name longer than the kernel keeps, names a file listing would hide or a
    // shell or spreadsheet would take for something else, and UTF-8 that must stay UTF-8.
    private static readonly byte[][] s_names =
    [
        "x\n1:59:evil"u8.ToArray(),
        @"a:b\c:\x41\\"u8.ToArray(),
        [0xFF, 0xFE, 0x80, (byte)':', (byte)'\\', 0x7F, 0x01, (byte)'\r', (byte)'\t', 0xC3, 0x28],
        "../../etc/x%~"u8.ToArray(),
        "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"u8.ToArray(),
        ".."u8.ToArray(),
        ".hidden"u8.ToArray(),
        "-rf"u8.ToArray(),
        "=1+2"u8.ToArray(),
        "caf\u00e9 \"q\""u8.ToArray(),
    ];

    [Fact]
    public void ASelfChosenCommStaysInsideItsLineAndComesBackWholeFromTheFormatter()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("rename_hex.c", WorkloadName);
        var runs = new List<(byte[] Comm, int Pid, int Block)>();
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "-o", dir.File("trace.log"), WorkloadName))
        {
            foreach (byte[] name in s_names)
            {
                int block = 100 + runs.Count;
                int pid = Workloads.RunToEnd(workload, Convert.ToHexString(name), block.ToString());
                runs.Add((name[..Math.Min(name.Length, RawTrace.MaxCommBytes)], pid, block));
            }
            result = recorder.Stop();
        }
        Assert.Equal(0, result.ExitCode);
        RecorderSummary summary = RecorderSummary.Parse(result.Stderr);
        Assert.Equal(0, summary.Dropped);

        List<RawTraceEntry> trace = RawTrace.Read(dir.File("trace.log"));
        // A comm that broke its line would make two lines of one record, and a line of a pid never traced.
        Assert.Equal(summary.Events, trace.Count);
        Assert.All(trace, e => Assert.Contains(e.Pid, runs.Select(run => run.Pid)));
        var afterRename = new Dictionary<int, List<long>>();
        foreach ((byte[] comm, int pid, int block) in runs)
        {
            var calls = trace.Where(e => e.Pid == pid).ToList();
            // The prctl itself is made under the old name; the new one holds from the next call on.
            int renamed = calls.FindIndex(e => e.SyscallId == Nr.Prctl) + 1;
            Assert.True(renamed > 0, $"no prctl recorded for pid {pid}");
            Assert.All(calls[..renamed], e => Assert.Equal(Encoding.ASCII.GetBytes(WorkloadName), e.Comm));
            Assert.All(calls[renamed..], e => Assert.Equal(comm, e.Comm));
            afterRename[pid] = [.. calls[renamed..].Select(e => e.SyscallId)];
            Assert.Equal([block], MarkerBlocks.In(afterRename[pid]));
        }

        CommandResult split = Run.Command(Path.Combine(Repository.Root, "formatter"), ["trace.log"], dir.Path);
        // None of them hidden from ls and the shell's *.log (trace.log is the one more).
        CommandResult glob = Run.Command("/bin/sh", ["-c", "printf '%s\\n' *.log"], dir.Path);
        Assert.Equal(2 * runs.Count + 1, glob.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(split.ExitCode == 0, $"formatter exited with {split.ExitCode}: {split.Stderr}");
        var files = SplitFileName.ReadAll(dir.Path, except: "trace.log");
        Assert.Equal(2 * runs.Count, files.Count);
        foreach ((byte[] comm, int pid, _) in runs)
        {
            var file = Assert.Single(files, f => f.Pid == pid && f.Comm.AsSpan().SequenceEqual(comm));
            Assert.Equal(string.Join(' ', afterRename[pid]) + "\n", file.Content);
        }
    }

    [Fact]
    public void AnyJsonParserReadsASelfChosenCommAndItsBytesComeBackByTheReadmesRule()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("rename_hex.c", WorkloadName);
        var runs = new List<(byte[] Comm, int Pid)>();
        CommandResult result;
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "--format", "jsonl", "-o", dir.File("trace.jsonl"), WorkloadName))
        {
            foreach (byte[] name in s_names)
                runs.Add((name[..Math.Min(name.Length, RawTrace.MaxCommBytes)], Workloads.RunToEnd(workload, Convert.ToHexString(name), "100")));
            result = recorder.Stop();
        }
        Assert.Equal(0, result.ExitCode);

        var comms = new Dictionary<int, HashSet<string>>();
        foreach (string line in File.ReadAllLines(dir.File("trace.jsonl"), new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("event", out _))
                continue; // the clock event, which names no process
            int pid = json.RootElement.GetProperty("pid").GetInt32();
            string comm = json.RootElement.GetProperty("comm").GetString()!;
            if (!comms.TryGetValue(pid, out HashSet<string>? seen))
                comms[pid] = seen = [];
            seen.Add(comm);
        }
        foreach ((byte[] comm, int pid) in runs)
            Assert.Contains(comms[pid], text => Splitting.ManifestCsv.Unescape(text).AsSpan().SequenceEqual(comm));
        Assert.Contains("caf\u00e9 \"q\"", comms[runs[^1].Pid]);
    }
}
