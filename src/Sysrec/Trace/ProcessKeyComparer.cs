namespace Sysrec.Trace;

internal sealed class ProcessKeyComparer : IEqualityComparer<ProcessKey>, IAlternateEqualityComparer<CommAndPid, ProcessKey>
{
    public static readonly ProcessKeyComparer Instance = new();

    public bool Equals(ProcessKey x, ProcessKey y) => x.Pid == y.Pid && x.Comm.AsSpan().SequenceEqual(y.Comm);

    public int GetHashCode(ProcessKey key) => Hash(key.Comm, key.Pid);

    public bool Equals(CommAndPid alternate, ProcessKey other) => alternate.Pid == other.Pid && alternate.Comm.SequenceEqual(other.Comm);

    public int GetHashCode(CommAndPid alternate) => Hash(alternate.Comm, alternate.Pid);

    public ProcessKey Create(CommAndPid alternate) => new(alternate.Comm.ToArray(), alternate.Pid);

    private static int Hash(ReadOnlySpan<byte> comm, uint pid)
    {
        var hash = new HashCode();
        hash.AddBytes(comm);
        hash.Add(pid);
        return hash.ToHashCode();
    }
}
