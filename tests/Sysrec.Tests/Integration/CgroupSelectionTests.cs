using System.Diagnostics;
using System.Globalization;

namespace Sysrec.Tests.Integration;

/// <summary>
/// --cgroup on the real kernel, in cgroups the test makes under the v2 hierarchy: a task is traced while it
/// is in the cgroup or below it, whether it was moved in, born inside or moved into a nested cgroup, and no
/// longer once moved out; a task never inside is absent. Counts are exact: the marker blocks of getppid.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class CgroupSelectionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("--decode")]
    public void ATaskIsTracedWhileItIsInTheCgroupOrBelowAndNeverOutside(string extra)
    {
        string blocks = Workloads.Build("blocks_on_lines.c", "sr_cg_blocks");
        string loop = Workloads.Build("getppid_loop.c", "sr_cg_loop");
        string parentProgram = Workloads.Build("await_line.c", "sr_cg_parent");
        using TestCgroup cgroup = TestCgroup.Create();
        TestCgroup inner = cgroup.Child("inner");
        int outside = 0, movedIn = 0, nested = 0, parent = 0, child = 0;

        Recording recording = Recording.While([.. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--cgroup", cgroup.Relative], () =>
        {
            outside = Workloads.RunToEnd(loop, "100");
            using (var workload = InteractiveWorkload.StartWaiting(blocks, "200", "300"))
            {
                movedIn = workload.Pid;
                cgroup.Move(workload.Pid);
                workload.SendLine();
                Assert.Equal("done", workload.ReadLine());
                TestCgroup.MoveToRoot(workload.Pid);
                workload.SendLine();
                workload.WaitForSuccess();
            }
            using (var workload = InteractiveWorkload.StartWaiting(blocks, "400"))
            {
                nested = workload.Pid;
                inner.Move(workload.Pid);
                workload.SendLine();
                workload.WaitForSuccess();
            }
            using (var workload = InteractiveWorkload.StartWaiting(parentProgram, "500", loop, "600"))
            {
                parent = workload.Pid;
                cgroup.Move(workload.Pid);
                workload.SendLine();
                child = int.Parse(workload.ReadLine()!, CultureInfo.InvariantCulture);
                workload.WaitForSuccess();
            }
        }, Recording.Jsonl);

        Dictionary<int, List<JsonlEntry>> byPid = recording.JsonlEntries.GroupBy(call => call.Pid).ToDictionary(group => group.Key, group => group.ToList());
        // Nothing but what was in the cgroup: not the process that never was, nor anything else on the machine.
        Assert.Equal([movedIn, nested, parent, child], byPid.Keys.Order());
        Assert.Equal([200], Blocks(byPid[movedIn]));
        Assert.Equal([400], Blocks(byPid[nested]));
        Assert.Equal([500], Blocks(byPid[parent]));
        Assert.Equal([600], Blocks(byPid[child]));
        Assert.All(byPid[movedIn].Concat(byPid[parent]).Concat(byPid[child]), call => Assert.Equal((cgroup.Id, cgroup.Relative), (call.CgroupId, call.Cgroup)));
        Assert.All(byPid[nested], call => Assert.Equal((inner.Id, inner.Relative), (call.CgroupId, call.Cgroup)));
        // The block made after the move out is not there, nor its exit.
        Assert.DoesNotContain(byPid[movedIn], call => call.Name == "exit_group");
    }

    [Fact]
    public void WithANameOnlyThatProgramIsTracedAndOnlyInsideTheCgroup()
    {
        string named = Workloads.Build("blocks_on_lines.c", "sr_cg_named");
        string other = Workloads.Build("blocks_on_lines.c", "sr_cg_other");
        using TestCgroup cgroup = TestCgroup.Create();
        int namedOutside = 0, namedInside = 0, otherInside = 0;

        Recording recording = Recording.While(["--cgroup", cgroup.Path, "sr_cg_named"], () =>
        {
            namedOutside = RunBlock(named, null, "100");
            namedInside = RunBlock(named, cgroup, "200");
            otherInside = RunBlock(other, cgroup, "300");
        }, Recording.Jsonl);

        Dictionary<int, List<JsonlEntry>> byPid = recording.JsonlEntries.GroupBy(call => call.Pid).ToDictionary(group => group.Key, group => group.ToList());
        Assert.Equal([namedInside], byPid.Keys);
        Assert.Equal([200], Blocks(byPid[namedInside]));
        Assert.NotEqual(0, namedOutside + otherInside);
    }

    /// <summary>
    /// A thread that never leaves its CPU is judged again when it is moved: the verdict the CPU keeps on it
    /// goes stale with the move, in and out.
    /// </summary>
    [Fact]
    public void ARunningThreadMovedInIsTracedFromTheMoveAndMovedOutNoLonger()
    {
        string spin = Workloads.Build("getppid_spin.c", "sr_cg_spin");
        using TestCgroup cgroup = TestCgroup.Create();
        int pid = 0;
        ulong movedIn = 0, movedOut = 0;

        // A spinning thread makes a million calls a second: only its getppid are kept, in a ring that holds them all.
        Recording recording = Recording.While(["--cgroup", cgroup.Relative, "-e", "getppid", "--buffer-size", "256M"], () =>
        {
            using var workload = InteractiveWorkload.StartWaiting(spin);
            pid = workload.Pid;
            Thread.Sleep(200);
            movedIn = (ulong)Stopwatch.GetTimestamp();
            cgroup.Move(pid);
            Thread.Sleep(300);
            TestCgroup.MoveToRoot(pid);
            movedOut = (ulong)Stopwatch.GetTimestamp();
            Thread.Sleep(200);
            workload.SendLine();
            workload.WaitForSuccess();
        }, Recording.Jsonl);

        JsonlEntry[] calls = [.. recording.JsonlEntries.Where(call => call.Pid == pid)];
        Assert.True(calls.Count(call => call.Name == "getppid") > 1000, $"{calls.Length} calls traced in 300 ms of spinning");
        // A call already judged when the move came may finish being recorded a moment after it.
        Assert.All(calls, call => Assert.InRange(call.TsNs, movedIn, movedOut + 1_000_000));
    }

    [Theory]
    [InlineData("/sysrec-test-no-such-cgroup")]
    [InlineData("sysrec-test-no-such-cgroup/../..")]
    public void ACgroupThatIsNotThereIsOneLineAndAUsageError(string given)
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-o", "trace.log", "--cgroup", given], dir.Path);

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sysrec: --cgroup {given}: ", line);
        Assert.False(File.Exists(dir.File("trace.log")), "an output was made");
    }

    /// <summary>
    /// stats --per-cgroup, a table per cgroup, and split --by cgroup, a file per cgroup, each with its calls
    /// exactly; a text recording, which does not tell, is one line.
    /// </summary>
    [Fact]
    public void StatsAndSplitTellEachCgroupsCallsApart()
    {
        using var dir = new TempDirectory();
        string blocks = Workloads.Build("blocks_on_lines.c", "sr_cg_stats");
        using TestCgroup cgroup = TestCgroup.Create();
        TestCgroup inner = cgroup.Child("inner");
        Recording recording = Recording.While(["--cgroup", cgroup.Relative], () =>
        {
            RunBlock(blocks, cgroup, "200");
            RunBlock(blocks, inner, "300");
            RunBlock(blocks, cgroup, "50");
        }, Recording.Jsonl);
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);
        File.WriteAllText(dir.File("trace.log"), "1:39:a\n");

        CommandResult stats = Run.Command(Repository.Sysrec, ["stats", "trace.jsonl", "--per-cgroup", "-e", "getppid", "--format", "json"], dir.Path);
        CommandResult text = Run.Command(Repository.Sysrec, ["stats", "trace.log", "--per-cgroup"], dir.Path);

        Assert.True(stats.ExitCode == 0, stats.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stats.Stdout);
        Assert.Equal([(cgroup.Relative, (long)cgroup.Id, 250L), (inner.Relative, (long)inner.Id, 300L)],
            json.RootElement.GetProperty("cgroups").EnumerateArray()
                .Select(c => (c.GetProperty("cgroup").GetString(), c.GetProperty("cgroup_id").GetInt64(), c.GetProperty("total").GetProperty("calls").GetInt64()))
                .OrderBy(c => c.Item1, StringComparer.Ordinal));
        Assert.Equal(2, text.ExitCode);
        Assert.StartsWith("sysrec: --per-cgroup: ", Assert.Single(text.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        CommandResult split = Run.Command(Repository.Sysrec, ["split", "trace.jsonl", "-d", "by-cgroup", "--by", "cgroup"], dir.Path);

        Assert.True(split.ExitCode == 0, split.Stderr);
        string SplitFile(TestCgroup of) => File.ReadAllText(dir.File($"by-cgroup/{of.Relative.Replace("/", "%2F", StringComparison.Ordinal)}:{of.Id}.log"));
        // The two processes of the outer cgroup in one file, in order: each block whole.
        Assert.Equal([200, 50], MarkerBlocks.In([.. SplitFile(cgroup).Split(' ').Select(long.Parse)]));
        Assert.Equal([300], MarkerBlocks.In([.. SplitFile(inner).Split(' ').Select(long.Parse)]));
        Assert.Equal(["file", "comm", "cgroup_id", "executable", "calls", "first_ts_ns", "last_ts_ns", "cgroup"],
            Splitting.ManifestCsv.Read(dir.File("by-cgroup/manifest.csv")).Header);
    }

    /// <summary>Runs a workload's one block, in <paramref name="cgroup"/> if given; returns its pid.</summary>
    private static int RunBlock(string program, TestCgroup? cgroup, string calls)
    {
        using var workload = InteractiveWorkload.StartWaiting(program, calls);
        cgroup?.Move(workload.Pid);
        workload.SendLine();
        workload.WaitForSuccess();
        return workload.Pid;
    }

    private static List<int> Blocks(List<JsonlEntry> calls) => MarkerBlocks.In([.. calls.Select(call => call.Nr)]);
}
