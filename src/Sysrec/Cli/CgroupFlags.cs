using System.CommandLine;
using Sysrec.Kernel;

namespace Sysrec.Cli;

/// <summary>The options that select what to trace by where it runs: a cgroup v2.</summary>
internal sealed class CgroupFlags
{
    private readonly Option<string[]> _cgroups = new("--cgroup")
    {
        Description = "Trace only the tasks in this cgroup v2 or below it, including those started or moved in later (repeatable). "
            + "A path below the v2 hierarchy as /proc/PID/cgroup shows it (/system.slice/nginx.service), or its whole path "
            + "under the mount /proc/mounts names (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid system). "
            + "With no program named, every process in it; with names, only those programs in it",
        HelpName = "PATH",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command) => command.Options.Add(_cgroups);

    /// <summary>The cgroups selected, resolved to their ids now, before the recording begins.</summary>
    public IReadOnlyList<SelectedCgroup> Read(ParseResult parsed) =>
        [.. (parsed.GetValue(_cgroups) ?? []).Select(given => CgroupMount.Resolve(given, "--cgroup")).DistinctBy(cgroup => cgroup.Id)];
}
