namespace Sysrec.Analysis;

/// <summary>What loads a profile and then starts the program: its own calls in between pass the filter too.</summary>
internal enum ContainerRuntime
{
    /// <summary>Whatever it is, it calls only the execve that starts the program after the load.</summary>
    None,
    Crun,
    Runc,
    /// <summary>Docker runs containers with runc.</summary>
    Docker,
    /// <summary>Podman runs containers with crun (Debian's and Fedora's default).</summary>
    Podman,
}
