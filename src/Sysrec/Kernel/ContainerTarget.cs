namespace Sysrec.Kernel;

/// <summary>
/// What a container is traced by: its cgroup v2 when it has one of its own, else its init process and
/// what it starts (<see cref="InitPid"/>, with --follow), as crun's containers on a hybrid system are.
/// </summary>
/// <param name="Name">How it is known: its id and the runtime or manager that runs it.</param>
/// <param name="StartedBy">
/// Where it was found: the OCI runtime whose state has it (crun, runc), or the manager whose cgroup is
/// named after it (docker, podman, containerd, cri-o).
/// </param>
internal sealed record ContainerTarget(string Name, SelectedCgroup? Cgroup, int? InitPid, string StartedBy);
