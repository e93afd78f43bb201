namespace Sysrec.Reporting;

/// <summary>
/// A file or socket a process used, as a --decode recording names its fds: <see cref="Name"/> a file's
/// path (a device's too), or a socket as strace -yy names it (its most telling name: once connected, both ends).
/// </summary>
internal sealed record ProcessResource(bool Socket, string Name, long Calls)
{
    /// <summary>A socket's inode, which stays as its name changes.</summary>
    public ulong? Inode { get; init; }
}
