using System.Runtime.InteropServices;
using Sysrec.IO;
using Sysrec.Syscalls;

namespace Sysrec.Analysis;

/// <summary>
/// Counts a recording's syscalls for `sysrec stats`. It streams: memory grows with the number of distinct
/// syscalls and processes, never with the recording's length, and counting a line allocates nothing.
/// </summary>
internal static class StatsCollector
{
    /// <param name="filter">Count only these syscalls; null for all.</param>
    /// <param name="top">Keep only the first N rows of each table; null for all.</param>
    public static StatsReport Read(RecordingFiles recording, SyscallFilter? filter, bool perProcess, int? top)
    {
        var tally = new StatsTally(filter, perProcess);
        using (TraceReader trace = TraceReader.Open(recording))
        {
            while (trace.TryRead(out TraceEvent syscall))
                tally.Add(syscall);
        }
        return tally.Report(top);
    }
}

/// <summary>The counts behind a <see cref="StatsReport"/>, fed one syscall at a time: from a saved recording or a live one.</summary>
internal sealed class StatsTally(SyscallFilter? filter, bool perProcess)
{
    private readonly Dictionary<SyscallKey, SyscallTally> _overall = [];
    private readonly Dictionary<ProcessKey, Dictionary<SyscallKey, SyscallTally>>? _processes =
        perProcess ? new Dictionary<ProcessKey, Dictionary<SyscallKey, SyscallTally>>(ProcessKeyComparer.Instance) : null;

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
    }

    /// <param name="top">Keep only the first N rows of each table; null for all.</param>
    public StatsReport Report(int? top) => new(StatsTable.From(_overall, top), _processes?
        .Select(pair => new ProcessStats(pair.Key.Comm, pair.Key.Pid, StatsTable.From(pair.Value, top)))
        .OrderByDescending(process => process.Table.Total.Calls)
        .ThenBy(process => process.Comm, ByteOrder.Instance)
        .ThenBy(process => process.Pid)
        .ToList());

    private static void Count(Dictionary<SyscallKey, SyscallTally> tallies, in TraceEvent syscall) =>
        CollectionsMarshal.GetValueRefOrAddDefault(tallies, syscall.Syscall, out _).Add(syscall.Ret, syscall.DurationNs);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
