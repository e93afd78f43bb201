using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>Records as JSON Lines (<see cref="JsonLine"/>), with every field they carry.</summary>
/// <param name="withExit">The records carry their returns (--exit).</param>
/// <param name="cgroups">Where cgroup ids are named, or null where they cannot be (a collector).</param>
internal readonly struct JsonLineFormatter(bool withExit, CgroupPaths? cgroups) : ILineFormatter
{
    private readonly JsonIdentity _identity = new(cgroups);

    public int MaxLength => JsonLine.MaxLength;

    // A jsonl recording always captures the arguments.
    public int Format(in SyscallRecord record, Span<byte> destination) => JsonLine.Format(record, destination, withArgs: true, withExit, cgroups, _identity);

    public int Format(in PathRecord record, Span<byte> destination) => JsonLine.Format(record, destination, withExit, cgroups, _identity);
}
