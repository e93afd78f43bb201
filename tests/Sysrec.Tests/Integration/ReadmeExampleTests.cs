namespace Sysrec.Tests.Integration;

/// <summary>
/// Every command the README shows runs: each line of a ```sh block and each <c>$ </c> line of a plain block,
/// in README order, in one temporary directory (so an example finds the files the ones before it made),
/// with sysrec and the design's two links first on PATH and in that directory, as `make` leaves them.
/// What cannot run here, or needs a server or would run for ever, is in the lists below, each with why:
/// a new example must run, or be added to a list on review, and an entry no example matches fails too.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ReadmeExampleTests
{
    private const string Nats = "$NATS";

    /// <summary>Examples not run, and why.</summary>
    private static readonly Dictionary<string, string> s_skipped = new()
    {
        ["make run     # installs what is missing, builds, records `ls -l /` from its start, splits the trace, shows it"] =
            "builds the tree under test and runs scripts/demo, which records and splits like the examples below",
        ["make test    # installs what is missing, builds, runs every test, the BPF ones on this kernel included"] = "this test is part of it",
        ["make                                  # builds ./sysrec, ./loader_and_logger and ./formatter"] = "the tree under test is built already",
        ["python3 -c 'import pandas; print(pandas.read_parquet(\"ls.parquet\").groupby(\"name\").dur_ns.sum().nlargest(3))'   # with pyarrow"] =
            "Debian 12 packages no pyarrow; the export tests read the table with two other Parquet readers",
        ["docker run --security-opt seccomp=profile.json ..."] = "'...' stands for the user's image; the seccomp tests apply profiles with libseccomp, crun and runc",
        ["apt-get install nats-server                     # Debian's is 2.9; run it with -js (JetStream)"] = "make test-deps installs it",
        ["nats-server -js -sd /var/lib/nats               # on the broker, or a cluster with --cluster/--routes"] =
            "the test starts its own broker on loopback, with its store in a temporary directory, and points the examples' addresses at it",
        ["make test-deps                                        # qemu-system-x86, busybox-static, the kernels"] = "make test, which runs this test, has run it",
        ["tests/qemu/initramfs build/qemu/initramfs.cpio"] = "StockKernelTests builds the initramfs and boots both kernels with it, in a minute or more",
        ["tests/qemu/boot build/qemu/linux-6.1/vmlinuz build/qemu/initramfs.cpio console.log [NAME=VALUE...]"] = "StockKernelTests boots both kernels",
        ["grep -a sysrec-check console.log"] = "StockKernelTests reads every check from the consoles",
    };

    /// <summary>Examples that record until stopped: stopped with SIGINT (Ctrl-C) after a while.</summary>
    private static readonly HashSet<string> s_untilStopped =
    [
        "sudo ./loader_and_logger /bin/bash    # trace every process that execs bash (the basename counts)",
        "sudo ./loader_and_logger '*'          # trace every process",
        "sysrec record -q '*' --sink nats://broker:4222  # on every host, until stopped",
    ];

    // The README's container id, "3f2a9c", stands for a container the set-up runs with crun, whose id is the run's own.
    private const string ContainerExample = "sysrec seccomp --container 3f2a9c -o profile.json     # until it stops, or Ctrl-C";

    /// <summary>What an example needs before it, that the README leaves to the reader.</summary>
    private static readonly Dictionary<string, string[]> s_setUp = new()
    {
        // "./app" stands for the user's program.
        ["sysrec run -o app.log -- ./app && sysrec seccomp app.log --runtime docker > profile.json"] = ["cp /bin/true app"],
        // A stream with a host's records in it, as the fleet's recorders would have left it.
        ["sysrec collect --from nats://10.0.0.5:4222 --stream SYSREC -d dataset"] =
            [$"sysrec collect --from {Nats} --stream SYSREC --create-stream", $"sysrec record -q '*' --sink {Nats} --host web-01 --duration 1s"],
        // A busybox container that sleeps a second; crun 1.8 runs on a hybrid system only with the v2 mount hidden.
        [ContainerExample] =
        [
            "mkdir -p ctr/rootfs/bin && cp /bin/busybox ctr/rootfs/bin/ && ln -sf busybox ctr/rootfs/bin/sh && ln -sf busybox ctr/rootfs/bin/sleep",
            "cd ctr && crun spec && sed -i -e 's/\"terminal\": true/\"terminal\": false/' -e 's/^\\(\\s*\\)\"sh\"$/\\1\"sh\", \"-c\", \"sleep 1\"/' config.json",
            "unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; crun run -d -b ctr \"$CONTAINER\" </dev/null >ctr/log 2>&1'",
        ],
    };

    /// <summary>What an example leaves behind outside its directory, undone after it whether it ran or not.</summary>
    private static readonly Dictionary<string, string> s_cleanUp = new()
    {
        [ContainerExample] = "crun delete -f \"$CONTAINER\"",
    };

    // The README's broker addresses, pointed at the test's own.
    private static readonly string[] s_brokers = ["nats://10.0.0.5:4222", "nats://broker:4222"];

    [Fact]
    public void EveryExampleCommandRuns()
    {
        List<string> examples = [.. Examples(File.ReadAllLines(Path.Combine(Repository.Root, "README.md")))];
        Assert.True(examples.Count > 20, $"only {examples.Count} examples found");
        foreach (string listed in s_skipped.Keys.Concat(s_untilStopped).Concat(s_setUp.Keys).Concat(s_cleanUp.Keys))
            Assert.True(examples.Contains(listed), $"no README example is '{listed}' any more: update the list");

        using var dir = new TempDirectory();
        using var bin = new TempDirectory();
        foreach (string tool in (string[])["sysrec", "loader_and_logger", "formatter"])
        {
            File.CreateSymbolicLink(bin.File(tool), Repository.Sysrec);
            File.CreateSymbolicLink(dir.File(tool), Repository.Sysrec);
        }
        using NatsServers broker = NatsServers.Start(1);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}",
            ["NATS"] = broker.Url,
            ["CONTAINER"] = $"sysrec-readme-{Guid.NewGuid():N}",
        };

        foreach (string example in examples.Where(example => !s_skipped.ContainsKey(example)))
        {
            try
            {
                foreach (string step in s_setUp.GetValueOrDefault(example, []))
                    AssertRuns(step, dir.Path, environment, untilStopped: false);
                AssertRuns(Adapted(example), dir.Path, environment, s_untilStopped.Contains(example));
            }
            finally
            {
                if (s_cleanUp.TryGetValue(example, out string? cleanUp))
                    Run.Command("bash", ["-c", cleanUp], dir.Path, TimeSpan.FromMinutes(1), environment);
            }
        }
    }

    /// <summary>The commands of the README's shell blocks and the <c>$ </c> lines of its plain ones.</summary>
    private static IEnumerable<string> Examples(string[] readme)
    {
        string? block = null;
        foreach (string line in readme)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                block = block is null ? line[3..] : null;
                continue;
            }
            if (block == "sh" && line.Trim() is { Length: > 0 } command && !command.StartsWith('#'))
                yield return command;
            else if (block == "" && line.StartsWith("$ ", StringComparison.Ordinal))
                yield return line[2..];
        }
    }

    // The tests run as root, where the README's sudo is not needed (nor installed here).
    private static string Adapted(string example) =>
        s_brokers.Aggregate(example.StartsWith("sudo ", StringComparison.Ordinal) ? example["sudo ".Length..] : example,
            (command, address) => command.Replace(address, Nats)).Replace("--container 3f2a9c", "--container \"$CONTAINER\"");

    private static void AssertRuns(string command, string directory, Dictionary<string, string> environment, bool untilStopped)
    {
        string script = untilStopped ? $"timeout --preserve-status -s INT 2 bash -c {Quoted(command)} >/dev/null" : command;
        CommandResult result = Run.Command("bash", ["-c", script], directory, TimeSpan.FromMinutes(1), environment);
        Assert.True(result.ExitCode == 0, $"the README's '{command}' exited with {result.ExitCode}: {result.Stderr}");
    }

    private static string Quoted(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
