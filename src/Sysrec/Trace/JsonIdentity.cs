using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Trace;

/// <summary>
/// Who made the last call, as a JSON line writes it (<see cref="JsonLine.FormatIdentity"/>): a thread's
/// calls come in runs, and escaping its comm and naming its cgroup again for each of them took a sixth of
/// the writer's time. Kept only once the cgroup is named: one not found yet may be found later.
/// </summary>
internal sealed class JsonIdentity(CgroupPaths? cgroups)
{
    private readonly byte[] _written = new byte[JsonLine.MaxLength];
    private readonly byte[] _comm = new byte[TaskComm.Length];
    private int _length = -1;
    private uint _uid, _gid;
    private ulong _cgroupId;

    public ReadOnlySpan<byte> Of(in SyscallRecord record)
    {
        ReadOnlySpan<byte> comm = record.Comm;
        if (_length >= 0 && record.Uid == _uid && record.Gid == _gid && record.CgroupId == _cgroupId && comm.SequenceEqual(_comm))
            return _written.AsSpan(0, _length);
        int length = JsonLine.FormatIdentity(record, _written, cgroups);
        bool named = cgroups is null || !_written.AsSpan(0, length).EndsWith(",\"cgroup\":null"u8);
        _length = named ? length : -1;
        _uid = record.Uid;
        _gid = record.Gid;
        _cgroupId = record.CgroupId;
        comm.CopyTo(_comm);
        return _written.AsSpan(0, length);
    }
}
