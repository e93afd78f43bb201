using System.Globalization;

namespace Sysrec.Tests.Integration;

/// <summary>
/// A cgroup of the test's own under the cgroup v2 hierarchy, named <c>sysrec-test-GUID</c>, and the cgroups
/// made below it. Disposing kills whatever still runs in any of them and removes them all, the deepest first.
/// </summary>
internal sealed class TestCgroup : IDisposable
{
    private readonly List<TestCgroup> _children = [];

    private TestCgroup(string relative)
    {
        Relative = relative;
        Directory.CreateDirectory(Path);
        Id = IdOf(Path);
    }

    /// <summary>Where the v2 hierarchy is mounted, from /proc/mounts.</summary>
    public static string Mount { get; } = File.ReadLines("/proc/mounts").Select(line => line.Split(' '))
        .First(fields => fields[2] == "cgroup2")[1];

    /// <summary>The path below the hierarchy's root, as /proc/PID/cgroup and sysrec's records give it.</summary>
    public string Relative { get; }

    public string Path => Mount + Relative;

    /// <summary>Its cgroup id: its directory's inode.</summary>
    public ulong Id { get; }

    public static TestCgroup Create() => new($"/sysrec-test-{Guid.NewGuid():N}");

    /// <summary>A cgroup below this one, removed with it.</summary>
    public TestCgroup Child(string name)
    {
        var child = new TestCgroup($"{Relative}/{name}");
        _children.Add(child);
        return child;
    }

    /// <summary>Moves a process (all its threads) here.</summary>
    public void Move(int pid) => File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Moves a process back to the hierarchy's root.</summary>
    public static void MoveToRoot(int pid) => File.WriteAllText(System.IO.Path.Combine(Mount, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The processes in this cgroup itself, not below it.</summary>
    public IReadOnlyList<int> Processes() =>
        [.. File.ReadAllLines(System.IO.Path.Combine(Path, "cgroup.procs")).Select(line => int.Parse(line, CultureInfo.InvariantCulture))];

    /// <summary>The cgroup id of the cgroup a process is in.</summary>
    public static ulong IdOfProcess(int pid) => IdOf(Mount + PathOfProcess(pid));

    /// <summary>The v2 path of the cgroup a process is in (its <c>0::</c> line).</summary>
    public static string PathOfProcess(int pid) =>
        File.ReadLines($"/proc/{pid}/cgroup").First(line => line.StartsWith("0::", StringComparison.Ordinal))[3..];

    public static ulong IdOf(string directory)
    {
        CommandResult stat = Run.Command("stat", ["-c", "%i", directory]);
        Assert.True(stat.ExitCode == 0, stat.Stderr);
        return ulong.Parse(stat.Stdout.Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (TestCgroup child in _children)
            child.Dispose();
        if (!Directory.Exists(Path))
            return;
        // cgroup.kill (Linux 5.14) kills every process in the cgroup and below at once.
        File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.kill"), "1");
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while (Processes().Count > 0 && DateTime.UtcNow < until)
            Thread.Sleep(10);
        Directory.Delete(Path);
    }
}
