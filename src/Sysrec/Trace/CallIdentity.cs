namespace Sysrec.Trace;

/// <summary>
/// Who made a call and where it ran, as a jsonl line gives them: null (and an empty
/// <see cref="Cgroup"/>) for what the recording does not tell. <see cref="Cgroup"/> points into the
/// reader's buffer, good until the next read.
/// </summary>
internal readonly ref struct CallIdentity(uint? uid, uint? gid, ulong? cgroupId, ReadOnlySpan<byte> cgroup)
{
    public uint? Uid { get; } = uid;

    public uint? Gid { get; } = gid;

    /// <summary>The cgroup v2 id.</summary>
    public ulong? CgroupId { get; } = cgroupId;

    /// <summary>The cgroup's path below the v2 root (<c>/system.slice/nginx.service</c>); empty when unknown.</summary>
    public ReadOnlySpan<byte> Cgroup { get; } = cgroup;
}
