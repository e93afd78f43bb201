using System.Text.Json;
using System.Text.Json.Nodes;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Analysis;

/// <summary>
/// The profile `sysrec seccomp --runtime` makes from a recording, put as it is in a container's
/// <c>linux.seccomp</c> and run by the real runtimes (Debian's crun and runc) from a rootfs holding only
/// the workload (tests/workloads/getppid_write.c, linked statically or with its libraries beside it).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ContainerSeccompTests(ContainerSeccompTests.Bundles bundles) : IClassFixture<ContainerSeccompTests.Bundles>
{
    // An error under the filter would show in the exit code, a crash of the runtime in the output.
    private const int Runs = 50;
    // tests/workloads/getppid_write.c's exit code when getppid failed with EPERM.
    private const int GetppidDenied = 3;

    [Theory]
    [InlineData("crun", false, false)]
    [InlineData("crun", false, true)]
    [InlineData("crun", true, false)]
    [InlineData("crun", true, true)]
    [InlineData("runc", false, false)]
    [InlineData("runc", false, true)]
    [InlineData("runc", true, false)]
    [InlineData("runc", true, true)]
    public void TheContainerRunsUnderTheProfileOfItsProgramsRecordingEveryTime(string runtime, bool noNewPrivileges, bool statically)
    {
        JsonNode profile = bundles.Profile(statically, ["--runtime", runtime, .. NoNewPrivileges(noNewPrivileges)]);

        for (int run = 0; run < Runs; run++)
        {
            CommandResult result = bundles.RunContainer(runtime, statically, profile, noNewPrivileges);

            Assert.True(result.ExitCode == 0 && result.Stdout == "ok\n",
                $"run {run + 1}: exit {result.ExitCode}, stdout '{result.Stdout}', stderr: {result.Stderr}");
        }
    }

    [Theory]
    // runc without noNewPrivileges calls getppid itself under the filter, so there it stays allowed.
    [InlineData("crun", false)]
    [InlineData("runc", true)]
    public void TakingOutACallTheProgramNeedsMakesItFailWithEperm(string runtime, bool noNewPrivileges)
    {
        JsonNode profile = bundles.Profile(statically: false, ["--runtime", runtime, .. NoNewPrivileges(noNewPrivileges)]);
        JsonArray names = profile["syscalls"]![0]!["names"]!.AsArray();
        names.Remove(names.Single(name => name!.GetValue<string>() == "getppid"));

        CommandResult result = bundles.RunContainer(runtime, statically: false, profile, noNewPrivileges);

        Assert.True(result.ExitCode == GetppidDenied, $"exit {result.ExitCode}: {result.Stderr}");
    }

    [Fact]
    public void WithoutTheRuntimesCallsTheContainerCannotStart()
    {
        // What the profile of the recording alone lacks: crun sets the ids and capabilities after the load.
        JsonNode profile = bundles.Profile(statically: false);

        CommandResult result = bundles.RunContainer("crun", statically: false, profile, noNewPrivileges: false);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    private static string[] NoNewPrivileges(bool noNewPrivileges) => noNewPrivileges ? ["--no-new-privileges"] : [];

    /// <summary>Both builds of the workload recorded once, and a rootfs for each.</summary>
    public sealed class Bundles : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly JsonNode _spec;
        private int _containers;

        public Bundles()
        {
            _spec = Spec(_dir.File("spec"));
            foreach (bool statically in new[] { true, false })
            {
                string name = statically ? "sr_ctr_static" : "sr_ctr_dynamic";
                string workload = Workloads.Build("getppid_write.c", name, statically ? ["-static"] : []);
                CommandResult run = Run.Command(Repository.Sysrec, ["run", "-o", Trace(statically), "--", workload], _dir.Path);
                Assert.True(run.ExitCode == 0, $"sysrec run exited with {run.ExitCode}: {run.Stderr}");
                MakeRootfs(Rootfs(statically), workload);
            }
        }

        public JsonNode Profile(bool statically, params string[] options)
        {
            CommandResult seccomp = Run.Command(Repository.Sysrec, ["seccomp", Trace(statically), .. options], _dir.Path);
            Assert.True(seccomp.ExitCode == 0, $"sysrec seccomp exited with {seccomp.ExitCode}: {seccomp.Stderr}");
            return JsonNode.Parse(seccomp.Stdout)!;
        }

        /// <summary>Runs the workload in a container of its own under <paramref name="profile"/>, the runtime's state kept in the test's directory.</summary>
        internal CommandResult RunContainer(string runtime, bool statically, JsonNode profile, bool noNewPrivileges) =>
            RunFrom(runtime, Rootfs(statically), [], profile, noNewPrivileges);

        /// <summary>As the workload's, for another static program, in a rootfs of its own made the first time.</summary>
        internal CommandResult RunContainer(string runtime, string program, string[] arguments, JsonNode profile, bool noNewPrivileges)
        {
            string rootfs = _dir.File("rootfs-" + Path.GetFileName(program));
            lock (_dir)
            {
                if (!Directory.Exists(rootfs))
                    MakeRootfs(rootfs, program);
            }
            return RunFrom(runtime, rootfs, arguments, profile, noNewPrivileges);
        }

        private CommandResult RunFrom(string runtime, string rootfs, string[] arguments, JsonNode profile, bool noNewPrivileges)
        {
            string bundle = _dir.File($"bundle-{Interlocked.Increment(ref _containers)}");
            Directory.CreateDirectory(bundle);
            File.WriteAllText(Path.Combine(bundle, "config.json"), Config(rootfs, arguments, profile, noNewPrivileges));
            string state = _dir.File("state-" + runtime);
            string container = $"sysrec-test-{Environment.ProcessId}-{_containers}";
            CommandResult result = runtime == "crun"
                // crun 1.8 refuses this machine's hybrid cgroups; with the v2 mount hidden in a mount
                // namespace of its own it uses the v1 controllers, as runc does anyway.
                ? Run.Command("unshare", ["-m", "sh", "-c", "umount /sys/fs/cgroup/unified 2>/dev/null; exec crun --root \"$0\" run \"$1\"", state, container], bundle)
                : Run.Command("runc", ["--root", state, "run", container], bundle);
            Directory.Delete(bundle, recursive: true);
            return result;
        }

        public void Dispose() => _dir.Dispose();

        private string Trace(bool statically) => _dir.File(statically ? "static.log" : "dynamic.log");

        private string Rootfs(bool statically) => _dir.File(statically ? "rootfs-static" : "rootfs-dynamic");

        private string Config(string rootfs, string[] arguments, JsonNode profile, bool noNewPrivileges)
        {
            JsonNode config = _spec.DeepClone();
            config["root"] = new JsonObject { ["path"] = rootfs, ["readonly"] = true };
            config["process"]!["terminal"] = false;
            config["process"]!["args"] = new JsonArray([JsonValue.Create("/app"), .. arguments.Select(argument => JsonValue.Create(argument))]);
            config["process"]!["noNewPrivileges"] = noNewPrivileges;
            config["linux"]!["seccomp"] = profile.DeepClone();
            return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }

        /// <summary>crun's own example configuration for root, which runc runs too.</summary>
        private static JsonNode Spec(string directory)
        {
            Directory.CreateDirectory(directory);
            CommandResult spec = Run.Command("crun", ["spec"], directory);
            Assert.True(spec.ExitCode == 0, $"crun spec failed: {spec.Stderr}");
            return JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
        }

        /// <summary>A rootfs of the workload as /app and, for a dynamic one, the libraries ldd names at their paths.</summary>
        private static void MakeRootfs(string rootfs, string workload)
        {
            Directory.CreateDirectory(rootfs);
            File.Copy(workload, Path.Combine(rootfs, "app"));
            CommandResult ldd = Run.Command("ldd", [workload]);
            foreach (string line in ldd.Stdout.Split('\n'))
            {
                string? library = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(word => word.StartsWith('/'));
                if (library is null)
                    continue;
                string copy = rootfs + library;
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(library, copy, overwrite: true);
            }
        }
    }
}
