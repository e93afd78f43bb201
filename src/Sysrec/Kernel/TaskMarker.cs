using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>
/// Marks processes that ran before the tracer attached as the BPF program marks those that exec a listed
/// program: each thread's entry in <c>relevance_cache</c> (a task storage map, keyed by a pidfd of the
/// thread) or, with <see cref="BpfVariant.TidTables"/>, in <c>relevance_by_tid</c>, its bit in <c>traced_tids</c>, and then <c>mark_epoch</c> moved, so that every CPU drops its
/// cached verdict on the thread it saw last.
/// </summary>
internal sealed class TaskMarker(BpfObject program, BpfVariant variant) : IDisposable
{
    /// <summary>SYSREC_NO_PROG: the prog index of a task no list entry selected.</summary>
    public const int NoProg = -1;

    private SafeMappedMemoryHandle? _tracedTids;
    private SafeMappedMemoryHandle? _markEpoch;

    /// <summary>Tasks marked from here rather than by the BPF program, which counts its own.</summary>
    public ulong TasksMarked { get; private set; }

    /// <summary>
    /// Marks what the selection asks for (listed programs, given pids, and with <paramref name="follow"/>
    /// their descendants); returns the processes it marked.
    /// </summary>
    public IReadOnlyCollection<int> MarkRunning(TraceSelection selection, bool follow)
    {
        if (selection.All)
            return [];
        var targets = new Dictionary<int, int>();
        foreach ((int pid, int progIndex) in RunningProcesses.RunningListed(selection.Names))
        {
            if (pid != Environment.ProcessId)
                targets[pid] = progIndex;
        }
        foreach (int pid in selection.Pids)
        {
            RunningProcesses.RequireExists(pid);
            targets.TryAdd(pid, NoProg);
        }
        if (follow)
        {
            foreach (int pid in RunningProcesses.DescendantsOf(targets.Keys.ToList()))
                targets.TryAdd(pid, NoProg);
        }
        foreach ((int pid, int progIndex) in targets)
            MarkProcess(pid, progIndex);
        if (targets.Count > 0)
            AnnounceMarks();
        return targets.Keys;
    }

    public void Dispose()
    {
        _tracedTids?.Dispose();
        _markEpoch?.Dispose();
    }

    /// <summary>
    /// Marks every thread of a process. A thread may be created while we go; one made by a marked
    /// thread inherits the mark, and another pass catches those made by the others.
    /// </summary>
    private void MarkProcess(int pid, int progIndex)
    {
        BpfMap relevance = program.Map(variant.TidTables ? "relevance_by_tid" : "relevance_cache");
        var marked = new HashSet<int>();
        bool markedAny;
        do
        {
            markedAny = false;
            foreach (int tid in RunningProcesses.Threads(pid))
            {
                if (!marked.Add(tid))
                    continue;
                markedAny = true;
                if (variant.TidTables)
                {
                    if (MarkInTable(relevance, pid, tid, progIndex))
                        MarkTid(tid);
                    continue;
                }
                using SafeHandle pidfd = OpenPidfd(pid, tid);
                if (pidfd.IsInvalid)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error == Interop.Libc.ESRCH)
                        continue; // it exited meanwhile
                    if (error == Interop.Libc.EINVAL)
                        throw new SysrecException(ExitCodes.Failure, $"cannot trace running thread {tid} of process {pid}: "
                            + "before Linux 6.9 (PIDFD_THREAD) only a process's main thread can be named to the kernel. "
                            + "Start the program after sysrec, or with sysrec run, or use Linux 6.9 or later");
                    throw new SysrecException(ExitCodes.Failure, $"cannot trace running thread {tid} of process {pid}: {Marshal.GetPInvokeErrorMessage(error)}");
                }
                int key = (int)pidfd.DangerousGetHandle();
                if (relevance.TryUpdate(key, progIndex, Interop.Libbpf.BPF_NOEXIST, out int updateError))
                    TasksMarked++;
                else if (updateError is not Interop.Libc.EEXIST and not Interop.Libc.ESRCH)
                    throw BpfFailure.Refused($"cannot trace running thread {tid} of process {pid}", updateError);
                MarkTid(tid);
            }
        }
        while (markedAny);
    }

    /// <summary>Enters a thread in relevance_by_tid, unless it is there already; false if it has exited.</summary>
    private bool MarkInTable(BpfMap relevance, int pid, int tid, int progIndex)
    {
        if (TidTables.StartTicks(pid, tid) is not ulong started)
            return false;
        var entry = new TidTables.RelevanceEntry { Started = started, ProgIndex = progIndex };
        if (relevance.TryUpdate(tid, entry, Interop.Libbpf.BPF_NOEXIST, out int error))
            TasksMarked++;
        else if (error == Interop.Libc.E2BIG)
            throw new SysrecException(ExitCodes.Failure, $"cannot trace running thread {tid} of process {pid}: "
                + $"the table of traced threads is full ({TidTables.MaxThreads}; this kernel has no task storage, Linux 5.13). Trace fewer threads");
        else if (error != Interop.Libc.EEXIST)
            throw BpfFailure.Refused($"cannot trace running thread {tid} of process {pid}", error);
        return true;
    }

    /// <summary>
    /// A pidfd for the thread, the key of a task storage map. Kernels before 6.9 refuse PIDFD_THREAD with
    /// EINVAL, and give a process's main thread, whose tid is its pid, only a plain pidfd.
    /// </summary>
    private static SafeHandle OpenPidfd(int pid, int tid)
    {
        SafeHandle pidfd = Interop.Libc.PidfdOpen(tid, Interop.Libc.PIDFD_THREAD);
        if (pidfd.IsInvalid && tid == pid && Marshal.GetLastPInvokeError() == Interop.Libc.EINVAL)
        {
            pidfd.Dispose();
            pidfd = Interop.Libc.PidfdOpen(tid, 0);
        }
        return pidfd;
    }

    /// <summary>Sets a thread's bit in traced_tids, atomically as the BPF program does, since 63 other threads share its word.</summary>
    private void MarkTid(int tid)
    {
        _tracedTids ??= program.Map("traced_tids").MapShared();
        Interlocked.Or(ref _tracedTids.Int64At((nuint)(tid / 64)), 1L << (tid % 64));
    }

    /// <summary>
    /// Tells the BPF program that threads were marked from here: it keeps, per CPU, its verdict on the
    /// last thread seen there, and drops it when the epoch moves, as the BPF hooks move it.
    /// </summary>
    private void AnnounceMarks()
    {
        _markEpoch ??= program.Map("mark_epoch").MapShared();
        Interlocked.Increment(ref _markEpoch.Int64At(0));
    }
}
