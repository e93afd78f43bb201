using System.Runtime.InteropServices;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Analysis;

/// <summary>The counts behind a <see cref="StatsReport"/>, fed one syscall at a time: from a saved recording or a live one.</summary>
/// <param name="perCgroup">Also a table per cgroup: the recording must tell each call's (jsonl).</param>
internal sealed class StatsTally(SyscallFilter? filter, bool perProcess, bool perCgroup = false)
{
    private readonly Dictionary<SyscallKey, SyscallTally> _overall = [];
    private readonly Dictionary<ProcessKey, Dictionary<SyscallKey, SyscallTally>>? _processes =
        perProcess ? new Dictionary<ProcessKey, Dictionary<SyscallKey, SyscallTally>>(ProcessKeyComparer.Instance) : null;
    private readonly Dictionary<ulong, (byte[] Path, Dictionary<SyscallKey, SyscallTally> Tallies)>? _cgroups = perCgroup ? [] : null;

    public void Add(in TraceEvent syscall)
    {
        if (filter is not null && !filter.Keeps(syscall.Syscall.Abi, syscall.Syscall.Number))
            return;
        Count(_overall, syscall);
        if (_processes is not null)
        {
            ref Dictionary<SyscallKey, SyscallTally>? tallies = ref CollectionsMarshal.GetValueRefOrAddDefault(
                _processes.GetAlternateLookup<CommAndPid>(), new CommAndPid(syscall.Comm, syscall.Pid), out _);
            Count(tallies ??= [], syscall);
        }
        if (_cgroups is not null)
        {
            ulong id = syscall.Identity.CgroupId
                ?? throw new SysrecException(ExitCodes.Usage, "--per-cgroup: the recording does not say which cgroup each call was made in (text lines, or jsonl from before cgroup ids). Record with --format jsonl");
            ref (byte[] Path, Dictionary<SyscallKey, SyscallTally> Tallies) cgroup = ref CollectionsMarshal.GetValueRefOrAddDefault(_cgroups, id, out bool known);
            if (!known)
                cgroup = (syscall.Identity.Cgroup.ToArray(), []);
            Count(cgroup.Tallies, syscall);
        }
    }

    /// <param name="top">Keep only the first N rows of each table; null for all.</param>
    public StatsReport Report(int? top) => new(StatsTable.From(_overall, top), _processes?
        .Select(pair => new ProcessStats(pair.Key.Comm, pair.Key.Pid, StatsTable.From(pair.Value, top)))
        .OrderByDescending(process => process.Table.Total.Calls)
        .ThenBy(process => process.Comm, ByteOrder.Instance)
        .ThenBy(process => process.Pid)
        .ToList(), _cgroups?
        .Select(pair => new CgroupStats(pair.Key, pair.Value.Path, StatsTable.From(pair.Value.Tallies, top)))
        .OrderByDescending(cgroup => cgroup.Table.Total.Calls)
        .ThenBy(cgroup => cgroup.Path, ByteOrder.Instance)
        .ToList());

    private static void Count(Dictionary<SyscallKey, SyscallTally> tallies, in TraceEvent syscall) =>
        CollectionsMarshal.GetValueRefOrAddDefault(tallies, syscall.Syscall, out _).Add(syscall.Ret, syscall.DurationNs);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
