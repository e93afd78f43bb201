using Sysrec.Kernel;

namespace Sysrec.Cli;

/// <summary>
/// What --cgroup, --unit and --container chose: cgroups to trace in, and containers with no cgroup v2 of
/// their own, traced by their init process and what it starts.
/// </summary>
internal sealed record CgroupChoice(IReadOnlyList<SelectedCgroup> Cgroups, IReadOnlyList<ContainerTarget> ByInitPid)
{
    public IReadOnlyList<int> Pids => [.. ByInitPid.Select(container => container.InitPid!.Value)];
}
