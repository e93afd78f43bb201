using System.CommandLine;
using Sysrec.Kernel;

namespace Sysrec.Cli;

/// <summary>The options that select what to trace by where it runs: a cgroup v2, a systemd unit, a container.</summary>
internal sealed class CgroupFlags
{
    private readonly Option<string[]> _cgroups = new("--cgroup")
    {
        Description = "Trace only the tasks in this cgroup v2 or below it, including those started or moved in later (repeatable). "
            + "A path below the v2 hierarchy as /proc/PID/cgroup shows it (/system.slice/nginx.service), or its whole path "
            + "under the mount /proc/mounts names (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid system). "
            + "With no program named, every process in it; with names, only those programs in it",
        HelpName = "PATH",
    };
    private readonly Option<string[]> _units = new("--unit")
    {
        Description = "Trace only a systemd service's tasks: its cgroup, system.slice/NAME.service (repeatable)",
        HelpName = "NAME",
    };
    private readonly Option<string[]> _containers = new("--container")
    {
        Description = "Trace only a running container's tasks, by its id or the start of it: from crun's or runc's state, "
            + "or the cgroup Docker, Podman, containerd or CRI-O make for it (repeatable). One with no cgroup v2 of its own "
            + "is followed from its init process; one created and not yet started (crun create), from its command's first call",
        HelpName = "ID",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_cgroups);
        command.Options.Add(_units);
        command.Options.Add(_containers);
    }

    /// <summary>What was chosen, resolved to cgroup ids and pids now, before the recording begins.</summary>
    public CgroupChoice Read(ParseResult parsed)
    {
        var cgroups = new List<SelectedCgroup>();
        cgroups.AddRange((parsed.GetValue(_cgroups) ?? []).Select(given => CgroupMount.Resolve(given, "--cgroup")));
        cgroups.AddRange((parsed.GetValue(_units) ?? []).Select(Unit));
        var byPid = new List<ContainerTarget>();
        foreach (string given in parsed.GetValue(_containers) ?? [])
        {
            ContainerTarget container = Containers.Find(given);
            if (container.Cgroup is { } cgroup)
                cgroups.Add(cgroup);
            else
                byPid.Add(container);
        }
        // A cgroup chosen besides containers followed by pid would hide them: they are not in it.
        if (byPid.Count > 0 && cgroups.Count > 0)
            throw SysrecException.BadArguments($"--container {byPid[0].Name}: it has no cgroup v2 of its own, so it is followed from its init process, "
                + "which --cgroup, --unit or a container with a cgroup would not let be traced. Record it on its own");
        return new CgroupChoice([.. cgroups.DistinctBy(cgroup => cgroup.Id)], byPid);
    }

    /// <summary>A systemd service's cgroup: NAME.service (the suffix added when missing) under system.slice.</summary>
    private static SelectedCgroup Unit(string given)
    {
        if (given.Length == 0 || given.Contains('/'))
            throw SysrecException.BadArguments($"--unit '{given}': give a unit's name, e.g. nginx or nginx.service");
        string unit = given.Contains('.') ? given : given + ".service";
        try
        {
            return CgroupMount.Resolve("/system.slice/" + unit, "--unit");
        }
        catch (SysrecException)
        {
            throw new SysrecException(ExitCodes.Usage, $"--unit {given}: {unit} has no cgroup under system.slice of the cgroup v2 hierarchy ({CgroupMount.Require()}): "
                + $"it is not running, or not a system service. Check it with systemctl status {unit}");
        }
    }
}
