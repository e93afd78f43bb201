namespace Sysrec.Kernel;

/// <summary>A cgroup v2 whose tasks, and those of every cgroup below it, are traced.</summary>
/// <param name="Path">Below the hierarchy's root, as /proc/PID/cgroup writes it: <c>/system.slice/nginx.service</c>.</param>
/// <param name="Id">Its cgroup id, the inode number of its directory.</param>
internal sealed record SelectedCgroup(string Path, ulong Id);
