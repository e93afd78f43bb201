using Sysrec.Syscalls;

namespace Sysrec.Analysis;

/// <summary>What a stats row counts for one syscall.</summary>
internal struct SyscallTally
{
    public long Calls { get; private set; }

    /// <summary>Calls whose return value the recording has.</summary>
    public long Returned { get; private set; }

    public long Errors { get; private set; }

    /// <summary>Calls whose duration the recording has.</summary>
    public long Timed { get; private set; }

    public ulong TotalNs { get; private set; }

    /// <summary>False when no call's return is known, so the error count means nothing.</summary>
    public readonly bool ErrorsKnown => Returned > 0;

    public readonly bool TimeKnown => Timed > 0;

    public readonly ulong MeanNs => Timed > 0 ? TotalNs / (ulong)Timed : 0;

    public void Add(long? ret, ulong? durationNs)
    {
        Calls++;
        if (ret is long value)
        {
            Returned++;
            if (SyscallReturn.IsError(value))
                Errors++;
        }
        if (durationNs is ulong ns)
        {
            Timed++;
            TotalNs += ns;
        }
    }

    public void Add(in SyscallTally other)
    {
        Calls += other.Calls;
        Returned += other.Returned;
        Errors += other.Errors;
        Timed += other.Timed;
        TotalNs += other.TotalNs;
    }
}
