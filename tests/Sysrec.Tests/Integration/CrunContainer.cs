using System.Text.Json.Nodes;

namespace Sysrec.Tests.Integration;

/// <summary>
/// A container run by the real crun from a busybox rootfs the test builds, its id the test's own. Its
/// command waits for the file /go, which <see cref="Go"/> makes, then execs PROGRAM. On a hybrid system
/// crun 1.8 runs only in a mount namespace of its own with the v2 hierarchy unmounted, and the container
/// then has no cgroup v2 of its own. Disposing deletes it, running or not.
/// </summary>
internal sealed class CrunContainer : IDisposable
{
    private readonly string _rootfs;

    private CrunContainer(string id, string rootfs)
    {
        Id = id;
        _rootfs = rootfs;
    }

    public string Id { get; }

    /// <summary>Runs PROGRAM (a static executable, copied into the rootfs as /program) in a new container, detached.</summary>
    public static CrunContainer Start(TempDirectory dir, string program, params string[] arguments) => Launch(dir, "run -d", program, arguments);

    /// <summary>As <see cref="Start"/>, but the container is only created (crun create): its command starts at <see cref="Begin"/>.</summary>
    public static CrunContainer Create(TempDirectory dir, string program, params string[] arguments) => Launch(dir, "create", program, arguments);

    /// <summary>crun start: a created container's init execs its command.</summary>
    public void Begin()
    {
        CommandResult start = Run.Command("crun", ["start", Id]);
        Assert.True(start.ExitCode == 0, start.Stderr);
    }

    /// <summary>
    /// The same command in a new container under <paramref name="profile"/> (its <c>linux.seccomp</c>), /go
    /// there from the start, run to its end: its exit code and what it wrote.
    /// </summary>
    public static CommandResult RunUnder(TempDirectory dir, JsonNode profile, bool noNewPrivileges, string program, params string[] arguments)
    {
        string bundle = MakeBundle(dir, program, arguments, config =>
        {
            config["linux"]!["seccomp"] = profile.DeepClone();
            config["process"]!["noNewPrivileges"] = noNewPrivileges;
        });
        File.WriteAllText(Path.Combine(bundle, "rootfs", "go"), "");
        string id = NewId();
        try
        {
            return Run.Command("unshare", ["-m", "sh", "-c", $"{HideV2}exec crun run -b {bundle} {id} </dev/null"]);
        }
        finally
        {
            Run.Command("crun", ["delete", "-f", id]);
        }
    }

    private static CrunContainer Launch(TempDirectory dir, string how, string program, string[] arguments)
    {
        string bundle = MakeBundle(dir, program, arguments, _ => { });
        var container = new CrunContainer(NewId(), Path.Combine(bundle, "rootfs"));
        // The container's stdio is crun's: a file, not the test's pipe, which it would hold open until it ends.
        string log = Path.Combine(bundle, "crun.log");
        CommandResult run = Run.Command("unshare", ["-m", "sh", "-c", $"{HideV2}crun {how} -b {bundle} {container.Id} </dev/null >{log} 2>&1"]);
        if (run.ExitCode != 0)
        {
            container.Dispose();
            Assert.Fail($"crun could not {how} the container: {File.ReadAllText(log)}");
        }
        return container;
    }

    private static string HideV2 => TestCgroup.Mount == "/sys/fs/cgroup" ? "" : $"umount {TestCgroup.Mount} && ";

    private static string NewId() => $"sysrec-test-{Guid.NewGuid():N}";

    /// <summary>A bundle of its own in <paramref name="dir"/>: the rootfs, and crun's example configuration with the waiting command.</summary>
    private static string MakeBundle(TempDirectory dir, string program, string[] arguments, Action<JsonNode> configure)
    {
        string bundle = dir.File($"bundle-{Guid.NewGuid():N}");
        string rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (string applet in new[] { "sh", "sleep" })
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        File.Copy(program, Path.Combine(rootfs, "program"));
        CommandResult spec = Run.Command("crun", ["spec"], bundle);
        Assert.True(spec.ExitCode == 0, spec.Stderr);
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")))!;
        config["process"]!["terminal"] = false;
        config["process"]!["args"] = new JsonArray("/bin/sh", "-c", $"while [ ! -e /go ]; do sleep 0.02; done; exec /program {string.Join(' ', arguments)}");
        config["root"] = new JsonObject { ["path"] = "rootfs", ["readonly"] = false };
        configure(config);
        File.WriteAllText(Path.Combine(bundle, "config.json"), config.ToJsonString());
        return bundle;
    }

    /// <summary>Lets the container's command go on to exec PROGRAM.</summary>
    public void Go() => File.WriteAllText(Path.Combine(_rootfs, "go"), "");

    /// <summary>Waits for the container's process to end.</summary>
    public void WaitStopped() => Eventually.Holds(() => Status() == "stopped", $"container {Id} stopped", TimeSpan.FromSeconds(30));

    private string? Status()
    {
        CommandResult state = Run.Command("crun", ["state", Id]);
        return state.ExitCode == 0 ? JsonNode.Parse(state.Stdout)?["status"]?.GetValue<string>() : null;
    }

    public void Dispose() => Run.Command("crun", ["delete", "-f", Id]);
}
