namespace Sysrec.Kernel;

/// <summary>
/// Tells when a running container has stopped: its cgroup v2 holds no task any more (cgroup.events says
/// <c>populated 0</c>, or the cgroup is gone), or, for one followed from its init process, that process
/// has exited (gone, a zombie, or its pid now another process's, which started at another time).
/// </summary>
internal sealed class ContainerWatch(ContainerTarget container)
{
    private readonly string? _events = container.Cgroup is { } cgroup ? CgroupMount.Require() + cgroup.Path.TrimEnd('/') + "/cgroup.events" : null;
    private readonly string? _initStarted = container.InitPid is int pid ? StartTime(pid) : null;

    public bool HasStopped => _events is not null
        ? !Populated(_events)
        : _initStarted is null || StartTime(container.InitPid!.Value) != _initStarted;

    private static bool Populated(string events)
    {
        try
        {
            return File.ReadLines(events).Contains("populated 1");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>When a live process started, field 22 of /proc/PID/stat (after the comm, which may hold spaces); null once it has exited.</summary>
    private static string? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // From the state, field 3: a zombie or a dead task has exited, though its pid is not free yet.
        return fields.Length > 19 && fields[0] is not ("Z" or "X") ? fields[19] : null;
    }
}
