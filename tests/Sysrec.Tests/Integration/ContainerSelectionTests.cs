namespace Sysrec.Tests.Integration;

/// <summary>--container and --unit on the real kernel: a crun container, the cgroups Docker and systemd name.</summary>
[Collection(KernelCollection.Name)]
public sealed class ContainerSelectionTests
{
    /// <summary>
    /// A container crun runs from a busybox rootfs, recorded by its id: its command's every call (the
    /// marker block exactly) and those of what it starts, nothing of a process outside. On this hybrid
    /// machine it has no cgroup v2 of its own, so it is followed from its init process, and sysrec says so.
    /// </summary>
    [Fact]
    public void ACrunContainerIsRecordedByItsIdAndNothingOutsideIt()
    {
        using var dir = new TempDirectory();
        string inside = Workloads.Build("getppid_loop.c", "sr_ct_loop_static", "-static");
        string outsideProgram = Workloads.Build("getppid_loop.c", "sr_ct_outside");
        using CrunContainer container = CrunContainer.Start(dir, inside, "700");
        int outside = 0;

        Recording recording = Recording.While(["--container", container.Id[..^4]], () =>
        {
            outside = Workloads.RunToEnd(outsideProgram, "100");
            // The shell starts a sleep every 20 ms: several start while recorded before it is let go,
            // where a go given at once could find it in the one sleep begun before the recording.
            Thread.Sleep(200);
            container.Go();
            container.WaitStopped();
        }, Recording.Jsonl);

        IReadOnlyList<JsonlEntry> calls = recording.JsonlEntries;
        Assert.DoesNotContain(calls, call => call.Pid == outside);
        JsonlEntry[] program = [.. calls.Where(call => call.Comm == "program")];
        Assert.Equal([700], MarkerBlocks.In([.. program.Select(call => call.Nr)]));
        int init = Assert.Single(program.Select(call => call.Pid).Distinct());
        // The shell's sleeps, children of the container's init, are its too.
        Assert.Contains(calls, call => call.Pid != init);
        if (TestCgroup.Mount != "/sys/fs/cgroup")
            Assert.Contains($"sysrec: container {container.Id} (crun) has no cgroup v2 of its own: following its init process", recording.Recorder.Stderr);
    }

    /// <summary>A container Docker runs with the systemd driver is in docker-ID.scope: found by its id's start, traced by that cgroup.</summary>
    [Fact]
    public void AContainerIsFoundByTheCgroupDockerNamesAfterItAndAnAmbiguousIdIsOneLine()
    {
        string blocks = Workloads.Build("blocks_on_lines.c", "sr_ct_docker");
        using TestCgroup parent = TestCgroup.Create();
        string id = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        TestCgroup scope = parent.Child($"docker-{id}.scope");
        int pid = 0, outside = 0;

        Recording recording = Recording.While(["--container", id[..12]], () =>
        {
            using var workload = InteractiveWorkload.StartWaiting(blocks, "321");
            pid = workload.Pid;
            scope.Move(pid);
            workload.SendLine();
            workload.WaitForSuccess();
            using var other = InteractiveWorkload.StartWaiting(blocks, "5");
            outside = other.Pid;
            other.SendLine();
            other.WaitForSuccess();
        }, Recording.Jsonl);

        Assert.Equal([pid], recording.JsonlEntries.Select(call => call.Pid).Distinct());
        Assert.Equal([321], MarkerBlocks.In([.. recording.JsonlEntries.Select(call => call.Nr)]));
        Assert.All(recording.JsonlEntries, call => Assert.Equal(scope.Relative, call.Cgroup));

        parent.Child($"docker-{id[..12]}0.scope");
        CommandResult ambiguous = Run.Command(Repository.Sysrec, ["record", "-o", "/dev/null", "--container", id[..12]]);
        Assert.Equal(2, ambiguous.ExitCode);
        string line = Assert.Single(ambiguous.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sysrec: --container {id[..12]}: 2 containers have an id that starts so: ", line);
    }

    [Fact]
    public void AUnitIsItsCgroupUnderSystemSlice()
    {
        string blocks = Workloads.Build("blocks_on_lines.c", "sr_ct_unit");
        using TestCgroup unit = TestCgroup.Service(out string name);
        int pid = 0;

        Recording recording = Recording.While(["--unit", name], () =>
        {
            using var workload = InteractiveWorkload.StartWaiting(blocks, "123");
            pid = workload.Pid;
            unit.Move(pid);
            workload.SendLine();
            workload.WaitForSuccess();
            Workloads.RunToEnd(blocks);
        }, Recording.Jsonl);

        Assert.Equal([pid], recording.JsonlEntries.Select(call => call.Pid).Distinct());
        Assert.Equal([123], MarkerBlocks.In([.. recording.JsonlEntries.Select(call => call.Nr)]));
        Assert.All(recording.JsonlEntries, call => Assert.Equal($"/system.slice/{name}.service", call.Cgroup));
    }

    [Theory]
    [InlineData("--container", "sysrec-test-no-such-container", "sysrec: --container sysrec-test-no-such-container: no running container has that id")]
    [InlineData("--unit", "sysrec-test-no-such-unit", "sysrec: --unit sysrec-test-no-such-unit: sysrec-test-no-such-unit.service has no cgroup under system.slice")]
    public void NothingOfThatNameIsOneLineAndAUsageError(string option, string given, string start)
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-o", "trace.log", option, given], dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(start, Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(dir.File("trace.log")), "an output was made");
    }
}
