using System.Text.Json;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Analysis;

/// <summary>
/// The profile `sysrec seccomp` makes from a real recording, enforced by the kernel through libseccomp
/// (tests/workloads/seccomp_exec.c, which needs libseccomp-dev): the workload runs under it, and fails at
/// exactly the syscall taken out of it.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class SeccompEnforcementTests(SeccompEnforcementTests.RecordedProfile recorded) : IClassFixture<SeccompEnforcementTests.RecordedProfile>
{
    // tests/workloads/getppid_write.c's exit codes.
    private const int GetppidDenied = 3;
    private const int WriteDenied = 4;
    // tests/workloads/seccomp_exec.c's, when the exec fails.
    private const int ExecFailed = 126;

    [Fact]
    public void TheWorkloadRunsUnderTheProfileOfItsOwnRecording()
    {
        CommandResult result = recorded.RunUnder(recorded.Names);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal("ok\n", result.Stdout);
    }

    [Fact]
    public void TheProfileDeniesNothingTheWorkloadDoes()
    {
        // A denied call a program shrugs off (the loader's probes) would not change its exit code; strace sees it.
        string strace = recorded.NewPath("strace.txt");

        CommandResult result = recorded.RunUnder(recorded.Names, "strace", "-f", "-o", strace);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        string[] underFilter = [.. File.ReadLines(strace).SkipWhile(line => !line.Contains("seccomp(SECCOMP_SET_MODE_FILTER, 0,"))];
        Assert.NotEmpty(underFilter);
        Assert.DoesNotContain(underFilter, line => line.Contains("EPERM"));
    }

    [Theory]
    [InlineData("getppid", GetppidDenied)]
    [InlineData("write", WriteDenied)]
    public void TakingOutOneRecordedSyscallMakesItFailWithEperm(string syscall, int exitCode)
    {
        Assert.Contains(syscall, recorded.Names);

        CommandResult result = recorded.RunUnder([.. recorded.Names.Where(name => name != syscall)]);

        Assert.Equal(exitCode, result.ExitCode);
    }

    [Fact]
    public void TheExecTheRecordingLacksIsWhatLetsTheProgramStart()
    {
        // The recording begins after the exec that started the workload; the profile adds it because
        // whatever applies the profile loads it first and execs after.
        Assert.DoesNotContain(TraceFile.Read(recorded.TracePath), e => e.SyscallId == Nr.Execve);
        Assert.Contains("execve", recorded.Names);

        CommandResult result = recorded.RunUnder([.. recorded.Names.Where(name => name != "execve")]);

        Assert.Equal(ExecFailed, result.ExitCode);
        Assert.Contains("Operation not permitted", result.Stderr);
    }

    /// <summary>Builds the workload and the helper, records the workload with `sysrec run`, and makes its profile, once.</summary>
    public sealed class RecordedProfile : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly string _workload = Workloads.Build("getppid_write.c", "sr_seccomp_probe");
        private readonly string _helper;

        public RecordedProfile()
        {
            _helper = BuildHelper(_dir.File("seccomp_exec"));
            CommandResult run = Run.Command(Repository.Sysrec, ["run", "-o", TracePath, "--", _workload], _dir.Path);
            Assert.True(run.ExitCode == 0, $"sysrec run exited with {run.ExitCode}: {run.Stderr}");
            CommandResult seccomp = Run.Command(Repository.Sysrec, ["seccomp", TracePath], _dir.Path);
            Assert.True(seccomp.ExitCode == 0, $"sysrec seccomp exited with {seccomp.ExitCode}: {seccomp.Stderr}");
            Assert.Equal("", seccomp.Stderr);
            // Read with a general JSON parser, as a container runtime would.
            using JsonDocument profile = JsonDocument.Parse(seccomp.Stdout);
            Assert.Equal("SCMP_ACT_ERRNO", profile.RootElement.GetProperty("defaultAction").GetString());
            Names = [.. profile.RootElement.GetProperty("syscalls").EnumerateArray()
                .Where(rule => rule.GetProperty("action").GetString() == "SCMP_ACT_ALLOW")
                .SelectMany(rule => rule.GetProperty("names").EnumerateArray())
                .Select(name => name.GetString()!)];
        }

        public string TracePath => _dir.File("trace.log");

        public IReadOnlyList<string> Names { get; }

        public string NewPath(string name) => _dir.File($"{Guid.NewGuid():N}-{name}");

        /// <summary>Runs the workload under a filter that allows only <paramref name="names"/>, inside <paramref name="wrapper"/> if given.</summary>
        internal CommandResult RunUnder(IReadOnlyList<string> names, params string[] wrapper)
        {
            string namesFile = NewPath("names");
            File.WriteAllLines(namesFile, names);
            string[] command = [.. wrapper, _helper, namesFile, _workload];
            return Run.Command(command[0], command[1..]);
        }

        public void Dispose() => _dir.Dispose();

        private static string BuildHelper(string output)
        {
            Assert.True(File.Exists("/usr/include/seccomp.h"), "libseccomp-dev is missing: apt-get install libseccomp-dev");
            // The library goes after the source, or a linker that links only what is needed drops it.
            CommandResult cc = Run.Command("cc", ["-O2", "-Wall", "-Werror", "-o", output, Repository.Workload("seccomp_exec.c"), "-lseccomp"]);
            Assert.True(cc.ExitCode == 0, $"cc failed: {cc.Stderr}");
            return output;
        }
    }
}
