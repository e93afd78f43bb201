using System.Text.Json.Nodes;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Analysis;

/// <summary>
/// `sysrec seccomp --container ID`: a running container recorded live, by the real crun from a busybox
/// rootfs (its shell waits in a loop of sleeps for the test to let it exec the workload), and the profile
/// it writes put as it is in a new container's <c>linux.seccomp</c> (<see cref="ContainerSeccompTests.Bundles"/>).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ContainerSeccompRecordingTests(ContainerSeccompTests.Bundles bundles) : IClassFixture<ContainerSeccompTests.Bundles>
{
    // tests/workloads/getppid_write.c's exit code when getppid failed with EPERM.
    private const int GetppidDenied = 3;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AContainerRecordedUntilItStopsRunsUnderItsProfileAndFailsWithoutOneOfItsCalls(bool noNewPrivileges)
    {
        using var dir = new TempDirectory();
        using CrunContainer container = CrunContainer.Start(dir, Workload());
        using RecorderProcess recorder = RecorderProcess.Start(dir.Path, Repository.Sysrec,
            ["seccomp", "--container", container.Id[..^4], "-o", "profile.json", .. noNewPrivileges ? ["--no-new-privileges"] : Array.Empty<string>()]);
        // Let go once the shell has started sleeps while recorded, as ContainerSelectionTests does.
        Thread.Sleep(200);
        container.Go();
        CommandResult seccomp = recorder.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(seccomp.ExitCode == 0, seccomp.Stderr);
        Assert.Contains($"stopping when container {container.Id} (crun) stops or at Ctrl-C", seccomp.Stderr);
        Assert.Contains("as --runtime crun does", seccomp.Stderr);
        JsonNode profile = JsonNode.Parse(File.ReadAllText(dir.File("profile.json")))!;
        CommandResult run = bundles.RunContainer("crun", statically: true, profile, noNewPrivileges);
        Assert.True(run.ExitCode == 0 && run.Stdout == "ok\n", $"exit {run.ExitCode}, stdout '{run.Stdout}', stderr: {run.Stderr}");

        JsonArray names = profile["syscalls"]![0]!["names"]!.AsArray();
        names.Remove(names.Single(name => name!.GetValue<string>() == "getppid"));
        CommandResult denied = bundles.RunContainer("crun", statically: true, profile, noNewPrivileges);
        Assert.True(denied.ExitCode == GetppidDenied, $"exit {denied.ExitCode}: {denied.Stderr}");
    }

    /// <summary>
    /// A container crun has created but not started is recorded from its command's first call, so its
    /// profile runs that whole command, the shell's own start included, in a new container.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACreatedContainerIsRecordedFromItsFirstCallAndItsWholeCommandRunsUnderItsProfile(bool noNewPrivileges)
    {
        using var dir = new TempDirectory();
        using CrunContainer container = CrunContainer.Create(dir, Workload());
        using RecorderProcess recorder = RecorderProcess.Start(dir.Path, Repository.Sysrec,
            ["seccomp", "--container", container.Id, "--runtime", "crun", "-o", "profile.json", .. noNewPrivileges ? ["--no-new-privileges"] : Array.Empty<string>()]);
        container.Begin();
        container.Go();
        CommandResult seccomp = recorder.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(seccomp.ExitCode == 0, seccomp.Stderr);
        JsonNode profile = JsonNode.Parse(File.ReadAllText(dir.File("profile.json")))!;
        CommandResult run = CrunContainer.RunUnder(dir, profile, noNewPrivileges, Workload());
        Assert.True(run.ExitCode == 0 && run.Stdout == "ok\n", $"exit {run.ExitCode}, stdout '{run.Stdout}', stderr: {run.Stderr}");

        JsonArray names = profile["syscalls"]![0]!["names"]!.AsArray();
        names.Remove(names.Single(name => name!.GetValue<string>() == "getppid"));
        CommandResult denied = CrunContainer.RunUnder(dir, profile, noNewPrivileges, Workload());
        Assert.True(denied.ExitCode == GetppidDenied, $"exit {denied.ExitCode}: {denied.Stderr}");
    }

    /// <summary>A program of many threads: each thread's own calls are in the profile, and the program runs under it.</summary>
    [Fact]
    public void EveryThreadOfTheContainersProgramIsRecorded()
    {
        using var dir = new TempDirectory();
        string threads = Workloads.Build("threads_getppid.c", "sr_sc_threads", "-static");
        using CrunContainer container = CrunContainer.Start(dir, threads, "4", "50");
        using RecorderProcess recorder = RecorderProcess.Start(dir.Path, Repository.Sysrec, "seccomp", "--container", container.Id, "-o", "profile.json");
        Thread.Sleep(200);
        container.Go();
        CommandResult seccomp = recorder.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(seccomp.ExitCode == 0, seccomp.Stderr);
        JsonNode profile = JsonNode.Parse(File.ReadAllText(dir.File("profile.json")))!;
        // A thread ends with exit; the process, and every program the container's shell runs, with exit_group.
        Assert.Contains("exit", profile["syscalls"]![0]!["names"]!.AsArray().Select(name => name!.GetValue<string>()));
        CommandResult run = bundles.RunContainer("crun", threads, ["4", "50"], profile, noNewPrivileges: false);
        Assert.True(run.ExitCode == 0 && run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 4,
            $"exit {run.ExitCode}, stdout '{run.Stdout}', stderr: {run.Stderr}");
    }

    /// <summary>A container that goes on running is recorded until a signal; a profile killed before its end leaves the file as it was.</summary>
    [Fact]
    public void StoppedBySigtermTheProfileIsWrittenAndKilledNothingIsWritten()
    {
        using var dir = new TempDirectory();
        using CrunContainer container = CrunContainer.Start(dir, Workload());
        File.WriteAllText(dir.File("profile.json"), "earlier");

        using (RecorderProcess killed = RecorderProcess.Start(dir.Path, Repository.Sysrec, "seccomp", "--container", container.Id, "-o", "profile.json"))
        {
            Assert.Equal(0, RecorderProcess.Kill(killed.Id, RecorderProcess.SIGKILL));
            killed.WaitForExit(TimeSpan.FromSeconds(10));
        }
        Assert.Equal("earlier", File.ReadAllText(dir.File("profile.json")));

        using RecorderProcess recorder = RecorderProcess.Start(dir.Path, Repository.Sysrec, "seccomp", "--container", container.Id, "-o", "profile.json");
        Thread.Sleep(300);
        CommandResult seccomp = recorder.Stop(RecorderProcess.SIGTERM);

        Assert.True(seccomp.ExitCode == 0, seccomp.Stderr);
        HashSet<string> names = [.. JsonNode.Parse(File.ReadAllText(dir.File("profile.json")))!["syscalls"]![0]!["names"]!.AsArray().Select(name => name!.GetValue<string>())];
        // The shell's loop: a sleep started and waited for, and what the sleep calls.
        Assert.Superset(new HashSet<string> { "clone", "wait4", "execve", "clock_nanosleep" }, names);
        Assert.DoesNotContain("getppid", names);
    }

    /// <summary>A container found by the cgroup Docker names after it: recorded until its cgroup empties, with runc's calls, as Docker runs runc.</summary>
    [Fact]
    public void ADockerContainerIsRecordedUntilItsCgroupEmptiesAndGetsRuncsCalls()
    {
        using var dir = new TempDirectory();
        string blocks = Workloads.Build("blocks_on_lines.c", "sr_sc_docker");
        using TestCgroup parent = TestCgroup.Create();
        string id = Guid.NewGuid().ToString("N");
        TestCgroup scope = parent.Child($"docker-{id}.scope");
        using var workload = InteractiveWorkload.StartWaiting(blocks, "5");
        scope.Move(workload.Pid);

        using RecorderProcess recorder = RecorderProcess.Start(dir.Path, Repository.Sysrec, "seccomp", "--container", id[..12]);
        workload.SendLine();
        workload.WaitForSuccess();
        CommandResult seccomp = recorder.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(seccomp.ExitCode == 0, seccomp.Stderr);
        Assert.Contains("as --runtime docker does", seccomp.Stderr);
        HashSet<string> names = [.. JsonNode.Parse(seccomp.Stdout)!["syscalls"]![0]!["names"]!.AsArray().Select(name => name!.GetValue<string>())];
        Assert.Superset(new HashSet<string> { "getppid", "sched_yield", "exit_group" }, names);
        // runc's init closing fds and its Go runtime: none of them the workload's.
        Assert.Superset(new HashSet<string> { "fstatfs", "getdents64", "epoll_ctl" }, names);
    }

    [Theory]
    [InlineData(new[] { "--container", "sysrec-test-no-such-container" }, "sysrec: --container sysrec-test-no-such-container: no running container has that id")]
    [InlineData(new[] { "--container", "sysrec-test-no-such-container", "trace.log" }, "sysrec: --container: the profile is made from what the container is recorded doing")]
    [InlineData(new[] { "--duration", "1s", "trace.log" }, "sysrec: --duration: it says how long to record a container")]
    [InlineData(new string[0], "sysrec: seccomp: give a recording to make the profile from, or --container ID")]
    public void AMistakeIsOneLineAndNoProfile(string[] arguments, string start)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("trace.log"), "1:39:sh\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["seccomp", "-o", "profile.json", .. arguments], dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(start, Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(dir.File("profile.json")), "a profile was written");
    }

    private static string Workload() => Workloads.Build("getppid_write.c", "sr_ctr_static", "-static");
}
