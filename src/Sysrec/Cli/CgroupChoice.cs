using Sysrec.Kernel;
using Sysrec.Recording;

namespace Sysrec.Cli;

/// <summary>
/// What --cgroup, --unit and --container chose: cgroups to trace in, and containers with no cgroup v2 of
/// their own, traced by their init process and what it starts.
/// </summary>
internal sealed record CgroupChoice(IReadOnlyList<SelectedCgroup> Cgroups, IReadOnlyList<ContainerTarget> ByInitPid)
{
    public IReadOnlyList<int> Pids => [.. ByInitPid.Select(container => container.InitPid!.Value)];

    /// <summary>One container: by its cgroup v2 when it has one, else by its init process.</summary>
    public static CgroupChoice Of(ContainerTarget container) =>
        container.Cgroup is { } cgroup ? new CgroupChoice([cgroup], []) : new CgroupChoice([], [container]);

    /// <summary>
    /// Says which containers are followed from their init process, and follows what that starts, whatever
    /// it execs: it is the container's.
    /// </summary>
    public RecordingOptions FollowingContainers(RecordingOptions options, TextWriter status)
    {
        foreach (ContainerTarget container in ByInitPid)
            status.WriteLine($"sysrec: container {container.Name} has no cgroup v2 of its own: following its init process {container.InitPid} and all it starts");
        return ByInitPid.Count == 0 ? options : options with { Tracer = options.Tracer with { Follow = true } };
    }
}
