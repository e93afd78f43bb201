using System.Text.Json;
using Sysrec.Syscalls;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Splitting;

/// <summary>`sysrec split` of real recordings: the manifest, files per thread, and the design's formatter left as it was.</summary>
[Collection(KernelCollection.Name)]
public sealed class SplitRecordingTests
{
    [Fact]
    public void TheManifestOfAJsonlRecordingCountsEachProcessAndGivesItsFirstAndLastTime()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("forker.c", "sr_manifest");
        Integration.Recording recording = Integration.Recording.While(["sr_manifest"], () => Workloads.RunCapturing(workload, "3", "50"), Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "out"], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        var entries = recording.JsonlEntries;
        var expected = entries.GroupBy(e => (e.Comm, e.Pid))
            .Select(g => ($"{g.Key.Comm}:{g.Key.Pid}.log", g.Key.Comm, (uint)g.Key.Pid, (long)g.Count(), (ulong?)g.First().TsNs, (ulong?)g.Last().TsNs,
                g.First().Cgroup));
        (string[] header, List<ManifestRow> rows) = ManifestCsv.Read(dir.File("out/manifest.csv"));
        Assert.Equal(["file", "comm", "pid", "executable", "calls", "first_ts_ns", "last_ts_ns", "cgroup"], header);
        Assert.Equal(expected, rows.Select(r => (r.File, System.Text.Encoding.UTF8.GetString(r.Comm), r.Id, r.Calls, r.FirstTsNs, r.LastTsNs, r.Cgroup)));
        // The workload runs where this test does.
        Assert.All(rows, row => Assert.Equal(Integration.TestCgroup.PathOfProcess(Environment.ProcessId), row.Cgroup));
        Assert.True(rows.Count == 4, $"{rows.Count} processes: the parent and its three children expected");
        Assert.Equal(rows.Select(r => r.File).Append("manifest.csv").Order(StringComparer.Ordinal),
            Directory.GetFiles(dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(row.Calls, File.ReadAllText(dir.File($"out/{row.File}")).Split(' ').Length));
    }

    [Fact]
    public void TheAdfaLayoutWritesEachProcessInI386NumbersEachFollowedByASpace()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("forker.c", "sr_adfa");
        Integration.Recording recording = Integration.Recording.While(["sr_adfa"], () => Workloads.RunCapturing(workload, "3", "50"), Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "ADFA-LD", "--layout", "adfa"], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        var processes = recording.JsonlEntries.GroupBy(e => (e.Comm, e.Pid)).ToList();
        Assert.Equal($"sysrec: {recording.JsonlEntries.Count} calls split into {processes.Count} files in ADFA-LD/Training_Data_Master", result.Stderr.Trim());
        (_, List<ManifestRow> rows) = ManifestCsv.Read(dir.File("ADFA-LD/manifest.csv"));
        Assert.Equal(processes.Select((g, i) => ($"Training_Data_Master/UTD-{i + 1:D4}.txt", (uint)g.Key.Pid)), rows.Select(r => (r.File, r.Id)));
        foreach (var (process, index) in processes.Select((g, i) => (g, i)))
        {
            string expected = string.Concat(process.Select(e => I386Numbering.TryMap(e.Abi == TraceFile.NativeAbi ? SyscallAbi.Native : SyscallAbi.I386, e.Nr, out long nr) ? $"{nr} " : ""));
            Assert.Equal(expected, File.ReadAllText(dir.File($"ADFA-LD/Training_Data_Master/UTD-{index + 1:D4}.txt")));
        }
    }

    [Fact]
    public void ByTidWritesAFilePerThreadAndTheManifestNamesTids()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("threads_getppid.c", "sr_by_tid");
        int pid = 0;
        int[] tids = [];
        Integration.Recording recording = Integration.Recording.While(["sr_by_tid"], () =>
        {
            (pid, string[] output) = Workloads.RunCapturing(workload, "3", "100");
            tids = Workloads.Numbers(output);
        }, Integration.Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "out", "--by", "tid"], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        var byThread = recording.JsonlEntries.GroupBy(e => (e.Comm, e.Tid)).ToList();
        (string[] header, List<ManifestRow> rows) = ManifestCsv.Read(dir.File("out/manifest.csv"));
        Assert.Equal("tid", header[2]);
        Assert.Equal(byThread.Select(g => ($"{g.Key.Comm}:{g.Key.Tid}.log", (uint)g.Key.Tid, (long)g.Count())), rows.Select(r => (r.File, r.Id, r.Calls)));
        foreach (var thread in byThread)
            Assert.Equal(string.Join(" ", thread.Select(e => e.Nr)) + "\n", File.ReadAllText(dir.File($"out/{thread.Key.Comm}:{thread.Key.Tid}.log")));
        // The main thread and each worker have a file of their own; by pid, all of them share one.
        Assert.Equal(tids.Append(pid).Order(), byThread.Select(g => g.Key.Tid).Where(tid => tid == pid || tids.Contains(tid)).Order());
        Assert.All(tids, tid => Assert.Equal([100], MarkerBlocks.In([.. File.ReadAllText(dir.File($"out/sr_by_tid:{tid}.log")).Split(' ').Select(long.Parse)])));
    }

    [Fact]
    public void ByTidOfATextRecordingIsRefusedAndWritesNothing()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_by_tid_text");
        Integration.Recording recording = Integration.Recording.While(["sr_by_tid_text"], () => Workloads.RunToEnd(workload, "10"));
        File.WriteAllText(dir.File("trace.log"), recording.Trace);

        CommandResult result = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", "out", "--by", "tid"], dir.Path);

        Assert.Equal("sysrec: trace.log: --by tid needs thread ids, and text lines carry none. Record with --format jsonl",
            ErrorOutput.AssertOneLine(result, exitCode: 2));
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void ATextRecordingsManifestLeavesTimeAndExecutableEmptyAndTheFormatterWritesNone()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_manifest_txt");
        int pid = 0;
        Integration.Recording recording = Integration.Recording.While(["sr_manifest_txt"], () => pid = Workloads.RunToEnd(workload, "40"));
        File.WriteAllText(dir.File("trace.log"), recording.Trace);
        Directory.CreateDirectory(dir.File("design"));

        CommandResult split = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", "out"], dir.Path);
        CommandResult formatter = Run.Command(Path.Combine(Repository.Root, "formatter"), ["../trace.log"], dir.File("design"));

        Assert.True(split.ExitCode == 0 && formatter.ExitCode == 0, split.Stderr + formatter.Stderr);
        ManifestRow row = Assert.Single(ManifestCsv.Read(dir.File("out/manifest.csv")).Rows);
        Assert.Equal(($"sr_manifest_txt:{pid}.log", (uint)pid, (byte[]?)null, (ulong?)null, (ulong?)null),
            (row.File, row.Id, row.Executable, row.FirstTsNs, row.LastTsNs));
        Assert.Equal(recording.Entries.Count, row.Calls);
        // The design's formatter writes its <comm>:<pid>.log files, the same bytes, and nothing else.
        Assert.Equal([row.File], Directory.GetFiles(dir.File("design")).Select(Path.GetFileName));
        Assert.Equal(File.ReadAllBytes(dir.File($"out/{row.File}")), File.ReadAllBytes(dir.File($"design/{row.File}")));
    }
}
