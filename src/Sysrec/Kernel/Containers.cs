using System.Diagnostics;
using System.Text.Json;
using Sysrec.IO;

namespace Sysrec.Kernel;

/// <summary>
/// Finds a running container by its id (or the start of it): in the state of the OCI runtimes crun and runc
/// (<c>crun list -f json</c>: its init pid, then its cgroup from /proc/PID/cgroup), and among the cgroups
/// Docker, Podman, containerd and CRI-O make for their containers, as they document them
/// (<c>docker-ID.scope</c>, <c>libpod-ID.scope</c>, <c>cri-containerd-ID.scope</c>, <c>crio-ID.scope</c>
/// under systemd; <c>/docker/ID</c>, <c>/libpod_parent/libpod-ID</c> with the cgroupfs driver).
/// </summary>
internal static class Containers
{
    private static readonly string[] s_runtimes = ["crun", "runc"];
    // Each cgroup name's start, or cgroupfs parent, and the manager that names its containers so.
    private static readonly (string Prefix, string Manager)[] s_scopePrefixes =
        [("docker-", "docker"), ("libpod-", "podman"), ("cri-containerd-", "containerd"), ("crio-", "cri-o")];
    private static readonly (string Parent, string Manager)[] s_cgroupfsParents = [("docker", "docker"), ("libpod_parent", "podman")];
    private const int MaxDepth = 8;

    public static ContainerTarget Find(string given)
    {
        if (given.Length == 0 || given.Contains('/'))
            throw SysrecException.BadArguments($"--container '{given}': give a container's id or the start of it (as crun list or docker ps shows it)");
        var found = new List<ContainerTarget>();
        foreach (string runtime in s_runtimes)
            found.AddRange(FromRuntime(runtime, given));
        foreach ((SelectedCgroup cgroup, string manager) in FromCgroups(given))
        {
            if (!found.Any(target => target.Cgroup?.Id == cgroup.Id))
                found.Add(new ContainerTarget($"{Path.GetFileName(cgroup.Path)} (cgroup {cgroup.Path})", cgroup, InitPid: null, manager));
        }
        return found.Count switch
        {
            0 => throw new SysrecException(ExitCodes.Usage, $"--container {given}: no running container has that id: none in the state of crun or runc, "
                + "nor a cgroup of Docker, Podman, containerd or CRI-O. Check the id with crun list, runc list, docker ps or podman ps"),
            1 => found[0],
            _ => throw new SysrecException(ExitCodes.Usage, $"--container {given}: {found.Count} containers have an id that starts so: "
                + $"{string.Join(", ", found.Select(target => target.Name))}. Give more of the id"),
        };
    }

    /// <summary>The running (or created, not yet started) containers of an OCI runtime whose id is or starts with <paramref name="given"/>.</summary>
    private static IEnumerable<ContainerTarget> FromRuntime(string runtime, string given)
    {
        if (ListOf(runtime) is not string json)
            yield break;
        using JsonDocument list = JsonDocument.Parse(json);
        if (list.RootElement.ValueKind != JsonValueKind.Array)
            yield break;
        var exact = new List<ContainerTarget>();
        var prefixed = new List<ContainerTarget>();
        foreach (JsonElement container in list.RootElement.EnumerateArray())
        {
            string id = container.TryGetProperty("id", out JsonElement i) ? i.GetString() ?? "" : "";
            int pid = container.TryGetProperty("pid", out JsonElement p) && p.TryGetInt32(out int value) ? value : 0;
            // A created one's init waits for `crun start` to exec the container's command: traced from now, that command is from its first call.
            bool live = container.TryGetProperty("status", out JsonElement s) && s.GetString() is "running" or "created";
            if (!live || pid <= 0 || !id.StartsWith(given, StringComparison.Ordinal))
                continue;
            (id == given ? exact : prefixed).Add(Target(runtime, id, pid));
        }
        foreach (ContainerTarget target in exact.Count > 0 ? exact : prefixed)
            yield return target;
    }

    /// <summary>A runtime's container by its init pid: its own cgroup v2 if it has one (its id in the cgroup's name), else the pid.</summary>
    private static ContainerTarget Target(string runtime, string id, int pid)
    {
        string name = $"{id} ({runtime})";
        string? cgroup = CgroupOf(pid);
        if (cgroup is not null && Path.GetFileName(cgroup).Contains(id, StringComparison.Ordinal))
            return new ContainerTarget(name, CgroupMount.Resolve(cgroup, "--container"), InitPid: null, runtime);
        return new ContainerTarget(name, Cgroup: null, pid, runtime);
    }

    /// <summary>The v2 path of a process's cgroup, its <c>0::</c> line of /proc/PID/cgroup; null if it has gone.</summary>
    private static string? CgroupOf(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/cgroup").FirstOrDefault(line => line.StartsWith("0::", StringComparison.Ordinal))?[3..];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary><c>RUNTIME list -f json</c>, or null when the runtime is not installed or says nothing.</summary>
    private static string? ListOf(string runtime)
    {
        string? executable = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Select(directory => Path.Combine(directory, runtime)).FirstOrDefault(File.Exists);
        if (executable is null)
            return null;
        var start = new ProcessStartInfo(executable, ["list", "-f", "json"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process? process = Process.Start(start);
        if (process is null)
            return null;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        error.Wait();
        return process.ExitCode == 0 && output.TrimStart().StartsWith('[') ? output : null;
    }

    /// <summary>The cgroups the container managers name after a container whose id is or starts with <paramref name="given"/>, and which manager.</summary>
    private static IEnumerable<(SelectedCgroup Cgroup, string Manager)> FromCgroups(string given)
    {
        if (CgroupMount.Find() is not string mount)
            yield break;
        var pending = new Stack<(string Directory, int Depth)>();
        pending.Push((mount, 0));
        while (pending.Count > 0)
        {
            (string directory, int depth) = pending.Pop();
            foreach (string child in TransientFiles.Subdirectories(directory))
            {
                if (ManagerNaming(Path.GetFileName(child), Path.GetFileName(directory), given) is string manager)
                    yield return (CgroupMount.Resolve(child, "--container"), manager);
                else if (depth < MaxDepth)
                    pending.Push((child, depth + 1));
            }
        }
    }

    /// <summary>The manager that names a cgroup so after a container whose id starts with <paramref name="given"/>; null if none does.</summary>
    private static string? ManagerNaming(string name, string parent, string given)
    {
        foreach ((string prefix, string manager) in s_scopePrefixes)
        {
            if (name.StartsWith(prefix + given, StringComparison.Ordinal) && name.EndsWith(".scope", StringComparison.Ordinal))
                return manager;
        }
        foreach ((string cgroupfsParent, string manager) in s_cgroupfsParents)
        {
            if (parent == cgroupfsParent && (name.StartsWith(given, StringComparison.Ordinal) || name.StartsWith("libpod-" + given, StringComparison.Ordinal)))
                return manager;
        }
        return null;
    }
}
