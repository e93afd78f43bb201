using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Each fallback for an older kernel, forced on this one with SYSREC_BPF_WITHOUT, runs a subset of the
/// tracking, return value, path and stop tests with their exact counts: a fallback gives the same records
/// as the default path. The subset touches what each fallback replaces: marking at exec (the basename
/// search), inheritance by children and threads, the release at exit and a pid reused, marks set from
/// here for running processes, pending calls and their paths, and the programs' end.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class FallbackTests
{
    /// <summary>Each fallback, by the feature it stands in for.</summary>
    public static readonly TheoryData<string> Fallbacks = ["bpf_loop", "task_storage", "task_btf", "tp_btf"];

    /// <summary>Each forced fallback with the path doctor says it takes then.</summary>
    public static readonly TheoryData<string, string> Paths = new()
    {
        { "bpf_loop", "tp_btf programs, BTF task pointers, task storage, a bounded loop" },
        { "task_storage", "tp_btf programs, BTF task pointers, tables by thread id (for 65536 threads), bpf_loop" },
        { "task_btf", "tp_btf programs, CO-RE reads of tasks, tables by thread id (for 65536 threads), bpf_loop" },
        { "tp_btf", "raw_tp programs, CO-RE reads of tasks, tables by thread id (for 65536 threads), a bounded loop" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void DoctorSaysWhichPathItTakes(string without, string path)
    {
        CommandResult doctor = Run.Command(Repository.Sysrec, ["doctor"], environment: Without(without));

        Assert.True(doctor.ExitCode == 0, doctor.Stdout + doctor.Stderr);
        Assert.Matches($@"(?m)^missing +{Regex.Escape(BpfFeatureDescription(without))} \(taken away by SYSREC_BPF_WITHOUT\)", doctor.Stdout);
        Assert.Matches($@"(?m)^found +the path taken \({Regex.Escape(path)}\)", doctor.Stdout);
        Assert.Matches(@"(?m)^found +the BPF program \(loads", doctor.Stdout);
    }

    [Theory]
    [MemberData(nameof(Fallbacks))]
    public void TrackingIsExactOnTheFallback(string without)
    {
        Forced(without, () =>
        {
            var tracking = new TrackingTests();
            tracking.AFailedExecOfAListedNameMarksNothing(2);
            tracking.ForkedChildrenAreTracedFromTheirFirstSyscall();
            tracking.AChildThatExecsIsJudgedByTheListAgain("sr_child_other", false);
            tracking.EveryThreadIsRecordedUnderItsOwnTidAndTheProcessPid();
            tracking.AnExecChainIsRecordedWhileItRunsListedPrograms(false, [3, 7], ["sr_chain_a", "sr_chain_c"]);
            tracking.AnUnlistedProgramOnTheReusedPidOfAListedOneIsNotRecorded();
            new RunningProcessTests().PidWithFollowAlsoTracesTheDescendantsRunningAlready(true);
            new AttachAndLaunchTests().AProcessBusyWithSyscallsWhenRecordingStartsIsTraced(false);
        });
    }

    [Theory]
    [MemberData(nameof(Fallbacks))]
    public void ExitsAndPathsAreExactOnTheFallback(string without)
    {
        Forced(without, () =>
        {
            new ReturnValueTests().EveryGetppidReturnsTheParentsPidAndOnlyExitGroupHasNoReturn();
            var paths = new PathAndExecTests();
            paths.EachFileSyscallCarriesExactlyThePathsItWasGiven(i386: false, withExit: true);
            paths.EachFileSyscallCarriesExactlyThePathsItWasGiven(i386: true, withExit: false);
            paths.EachTracedExecIsAnEventNamingTheFileExecd();
        });
    }

    [Theory]
    [MemberData(nameof(Fallbacks))]
    public void CgroupSelectionIsExactOnTheFallback(string without)
    {
        // The walk up the cgroup tree, and the program that judges a moved task again, on each path.
        Forced(without, () =>
        {
            var cgroups = new CgroupSelectionTests();
            cgroups.ATaskIsTracedWhileItIsInTheCgroupOrBelowAndNeverOutside("");
            cgroups.ARunningThreadMovedInIsTracedFromTheMoveAndMovedOutNoLonger();
        });
    }

    [Theory]
    [MemberData(nameof(Fallbacks))]
    public void StoppingIsCleanOnTheFallback(string without)
    {
        Forced(without, () =>
        {
            var stop = new StopTests();
            stop.SighupEndsTheRecordingCleanlyWithEverythingWritten();
            stop.KillNineLeavesNoneOfTheRecordersBpfProgramsOrLinksBehind();
        });
    }

    /// <summary>
    /// What the kernel has of each loaded program, after the verifier pruned the paths the settings rule
    /// out, calls no helper and no callback the fallback stands in for, and the recorder holds no map of a
    /// type it stands in for: what a kernel without the feature would have refused.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fallbacks))]
    public void TheLoadedProgramsCallNothingTheFallbackStandsInFor(string without)
    {
        // What each feature's absence rules out, as bpftool names it in a translated program.
        string[] forbidden = without switch
        {
            "bpf_loop" => ["bpf_loop", "note_separator"],
            "task_storage" => ["bpf_task_storage"],
            "task_btf" => ["bpf_get_current_task_btf", "bpf_task_storage"],
            _ => ["bpf_loop", "note_separator", "bpf_get_current_task_btf", "bpf_task_storage"],
        };
        const int TaskStorageMapType = 29;
        using var dir = new TempDirectory();
        using var recorder = Forced(without, () => RecorderProcess.Record(dir.Path, "-q", "--exit", "--paths", "--format", "jsonl", "-o", dir.File("trace.jsonl"), "sr_fallback"));
        BpfIds held = BpfObjects.HeldBy(recorder.Id);
        var names = new List<string>();
        foreach (int id in held.Programs)
        {
            CommandResult dump = Run.Command("bpftool", ["prog", "dump", "xlated", "id", id.ToString()]);
            Assert.True(dump.ExitCode == 0, dump.Stderr);
            // The instructions and the subprograms' names, without the source lines bpftool puts between.
            string[] code = [.. dump.Stdout.Split('\n').Where(line => !line.StartsWith(';'))];
            names.Add(code[0]);
            foreach (string name in forbidden)
                Assert.False(code.Any(line => line.Contains(name, StringComparison.Ordinal)), $"without {without}, {code[0]} calls {name}:\n{string.Join('\n', code)}");
        }
        int[] mapTypes = [.. Directory.EnumerateFiles($"/proc/{recorder.Id}/fdinfo").SelectMany(File.ReadLines)
            .Where(line => line.StartsWith("map_type:", StringComparison.Ordinal)).Select(line => int.Parse(line["map_type:".Length..]))];
        recorder.Stop();

        Assert.Equal(5, names.Count);
        Assert.Equal(without == "tp_btf" ? 5 : 0, names.Count(name => name.Contains("_compat(", StringComparison.Ordinal)));
        if (without != "bpf_loop")
            Assert.DoesNotContain(TaskStorageMapType, mapTypes);
    }

    private static Dictionary<string, string> Without(string features) => new() { ["SYSREC_BPF_WITHOUT"] = features };

    /// <summary>
    /// Runs the tests with every sysrec they start doing without <paramref name="without"/>. The kernel
    /// collection runs alone, so no other test's sysrec sees the variable meanwhile.
    /// </summary>
    private static void Forced(string without, Action tests) => Forced(without, () =>
    {
        tests();
        return 0;
    });

    private static T Forced<T>(string without, Func<T> tests)
    {
        Environment.SetEnvironmentVariable("SYSREC_BPF_WITHOUT", without);
        try
        {
            return tests();
        }
        finally
        {
            Environment.SetEnvironmentVariable("SYSREC_BPF_WITHOUT", null);
        }
    }

    private static string BpfFeatureDescription(string name) => name switch
    {
        "bpf_loop" => "bpf_loop",
        "task_storage" => "task storage in tracing programs",
        "task_btf" => "bpf_get_current_task_btf",
        "tp_btf" => "tp_btf programs",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
