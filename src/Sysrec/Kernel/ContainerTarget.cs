namespace Sysrec.Kernel;

/// <summary>
/// What a container is traced by: its cgroup v2 when it has one of its own, else its init process and
/// what it starts (<see cref="InitPid"/>, with --follow), as crun's containers on a hybrid system are.
/// </summary>
/// <param name="Name">How it is known: its id and the runtime or manager that runs it.</param>
internal sealed record ContainerTarget(string Name, SelectedCgroup? Cgroup, int? InitPid);
