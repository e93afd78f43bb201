using Microsoft.Win32.SafeHandles;
using Sysrec.Analysis;
using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Trace;
using TimestampStyle = Sysrec.Trace.TimestampStyle;

namespace Sysrec.Recording;

/// <summary>
/// One recording from attach to the last record: the tracer, the reader draining its ring buffer,
/// and where the records go, the trace file or a stream.
/// </summary>
internal sealed class RecordingSession : IDisposable
{
    // How long a record may wait in the ring buffer when the kernel was told not to wake us for it.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    // Three times the CPU share of a thread at nice 0: enough to keep up with two CPUs of calls, not so
    // much that a saturated reader starves the machine.
    private const int ReaderNice = -5;

    private readonly Tracer _tracer;
    private readonly IRecordingOutput _destination;
    private readonly SummarySink? _summary;
    private readonly CallPairing? _pairing;
    private readonly bool _everyTask;
    private readonly CgroupPaths _cgroups;

    private RecordingSession(Tracer tracer, IRecordingOutput destination, SummarySink? summary, CallPairing? pairing, bool everyTask, CgroupPaths cgroups)
    {
        _cgroups = cgroups;
        _pairing = pairing;
        _tracer = tracer;
        _destination = destination;
        _summary = summary;
        _everyTask = everyTask;
    }

    /// <summary>With <see cref="RecordingOptions.Summary"/>, the counts of what was recorded so far; otherwise null.</summary>
    public StatsReport? SummaryReport => _summary?.Tally.Report(top: null);

    /// <summary>The reader of the echoed trace went away (e.g. <c>| head</c>), a reason to stop.</summary>
    public bool EchoClosed => _destination.EchoClosed;

    /// <summary>Where the records go, for the messages.</summary>
    public string DestinationName => _destination.Name;

    /// <summary>Loads and starts the tracer and marks what already runs; recording has begun when this returns.</summary>
    /// <param name="launch">
    /// Starts what is to be recorded from its first syscall (run's command) once tracing is attached, and
    /// before the trace file loses what it held: a command that cannot start leaves an earlier trace as it was.
    /// </param>
    public static RecordingSession Start(RecordingOptions options, Func<int>? launch = null)
    {
        // Before the tracer: run traces what sysrec starts once it is attached.
        PacketCapture? capture = options.Lidds?.CaptureInterface is string iface
            ? PacketCapture.Start(iface, Path.GetDirectoryName(Path.GetFullPath(options.Lidds.ZipPath))!)
            : null;
        Tracer tracer;
        try
        {
            tracer = Tracer.Load(options.Selection, options.Tracer with { CaptureTime = options.ShowsCallTimes });
        }
        catch
        {
            capture?.Dispose();
            throw;
        }
        IRecordingOutput? destination = null;
        CgroupPaths cgroups = CgroupPaths.OfThisMachine();
        // Named now, in case one is gone before its first record is read.
        foreach (SelectedCgroup selected in options.Selection.Cgroups)
            cgroups.Remember(selected.Id, selected.Path);
        try
        {
            WallClockStamp? stamp = options.Timestamps == TimestampStyle.None ? null : WallClockStamp.StartingNow(options.Timestamps);
            bool withExit = options.Tracer.CaptureExit || options.Tracer.Decode;
            var lines = new LineFormat(options.Format, options.SyscallNames, withExit, stamp, cgroups);
            FdTracker? descriptors = options.OpenOutput is null && (options.Format == TraceFormat.Strace || options.Lidds is not null
                || (options.Format == TraceFormat.Jsonl && options.Tracer.Decode && !options.FilePerProcess)) ? new FdTracker() : null;
            destination = options.OpenOutput is { } open
                ? open()
                : options.Lidds is { } lidds
                ? new LiddsOutput(lidds, descriptors!, options.Tracer.Snaplen, Interlocked.Exchange(ref capture, null))
                : descriptors is not null && options.Format == TraceFormat.Strace
                ? StraceOutput(options, descriptors)
                : descriptors is not null
                ? new JsonDecodedWriter(TraceOutput.BeginningLater(options.OutputPath, options.MaxFileBytes, lines.PartHeader),
                    new JsonArguments(options.Tracer.Snaplen, descriptors), cgroups, options.FailedOnly, options.Echo ? StandardOutput() : null)
                : options.FilePerProcess
                ? new PerProcessTraceWriter(options.OutputPath, lines)
                : lines.WriterTo(TraceOutput.BeginningLater(options.OutputPath, options.MaxFileBytes, lines.PartHeader), options.Echo ? StandardOutput() : null);
            SummarySink? summary = options.Summary ? new SummarySink(destination as IRecordSink, withExit) : null;
            CallPairing? pairing = options.Tracer.Decode ? new CallPairing(DecodedSink(options, destination, summary)) : null;
            IReadOnlyCollection<int> running = pairing is not null
                ? tracer.Start(pairing)
                : tracer.Start(RecordSink(options, summary ?? (IRecordSink)destination));
            TakeOverRunning(running, descriptors, pairing);
            var session = new RecordingSession(tracer, destination, summary, pairing, options.Selection.All, cgroups);
            // What run's command starts with: the fds of this process it inherits through its exec.
            FdTable? inherited = descriptors is not null && launch is not null ? InheritedFds() : null;
            int? launched = launch?.Invoke();
            // The thread that drains the rings runs before the traced threads when both want a CPU: records
            // they make faster than it reads fill the rings and are lost. Raised after the command started,
            // which keeps its own priority; without CAP_SYS_NICE it stays as it was.
            Interop.Libc.SetPriority(Interop.Libc.PRIO_PROCESS, 0, ReaderNice);
            if (inherited is not null && launched is int pid)
                descriptors!.Adopt(pid, inherited);
            destination.Begin();
            // A --decode recording's outputs take calls, not the kernel's exec events.
            if (options.Tracer.ExecEvents && destination is IRecordSink records)
                WriteExecsOf(records, running);
            return session;
        }
        catch
        {
            destination?.Dispose();
            capture?.Dispose();
            tracer.Dispose();
            cgroups.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the processes already running bring into a --decode recording, read before any of their records
    /// is: the fds they hold (read later, at a first call, they may be gone with the process), and the call
    /// each thread is inside of, whose exit will come with no enter.
    /// </summary>
    private static void TakeOverRunning(IReadOnlyCollection<int> running, FdTracker? descriptors, CallPairing? pairing)
    {
        var proc = new ProcFiles();
        Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_MONOTONIC, out Interop.Libc.Timespec now);
        foreach (int pid in running)
        {
            if (descriptors is not null && !descriptors.Knows(pid))
                proc.Seed(descriptors, pid);
            if (pairing is null)
                continue;
            foreach (CallInProgress call in CallInProgress.Of(pid, (ulong)(now.tv_sec * 1_000_000_000 + now.tv_nsec)))
                pairing.InProgress(call);
        }
    }

    private static IRecordSink RecordSink(RecordingOptions options, IRecordSink sink) => options.FailedOnly ? new FailedOnlySink(sink) : sink;

    /// <summary>
    /// Where a --decode recording's calls go: strace's lines take them as they are; the other outputs as
    /// records, each call one with its return, as --exit makes them.
    /// </summary>
    private static IDecodedSink DecodedSink(RecordingOptions options, IRecordingOutput destination, SummarySink? summary)
    {
        if (destination is IDecodedSink lines)
            return summary is null ? lines : new DecodedTee(lines, new DecodedRecords(summary));
        return new DecodedRecords(RecordSink(options, summary ?? (IRecordSink)destination));
    }

    /// <summary>The fds a command this process spawns has after its exec: this process's own, but for those marked close-on-exec.</summary>
    private static FdTable? InheritedFds()
    {
        FdTable? table = new ProcFiles().Read("/proc/self");
        table?.CloseOnExec();
        return table;
    }

    private static IRecordingOutput StraceOutput(RecordingOptions options, FdTracker descriptors)
    {
        var renderer = new StraceRenderer(options.Tracer.Snaplen, descriptors);
        Decoding.TimestampStyle timestamps = options.Timestamps switch
        {
            TimestampStyle.Seconds => Decoding.TimestampStyle.Seconds,
            TimestampStyle.Epoch => Decoding.TimestampStyle.Epoch,
            TimestampStyle.None => Decoding.TimestampStyle.None,
            _ => Decoding.TimestampStyle.Microseconds,
        };
        // strace -ff: a file per thread, its lines without the pid.
        var lines = new StraceLineWriter(renderer, pidPrefix: !options.FilePerProcess, timestamps, durations: true, WallClockStamp.RealtimeMinusMonotonicNow());
        if (options.FilePerProcess)
            return new PerThreadStraceWriter(options.OutputPath, lines, descriptors, options.FailedOnly);
        return new StraceWriter(TraceOutput.BeginningLater(options.OutputPath, options.MaxFileBytes), lines, descriptors,
            options.FailedOnly, options.Echo ? StandardOutput() : null);
    }

    /// <summary>
    /// The exec events the kernel never saw, of processes traced since before recording began: what they
    /// run now, from /proc, timed now, as the records the kernel makes of an exec. Written before any of
    /// their records, which wait in the ring buffer.
    /// </summary>
    private static void WriteExecsOf(IRecordSink output, IEnumerable<int> pids)
    {
        foreach (int pid in pids)
        {
            // Gone meanwhile, or a kernel thread: nothing was exec'd that a trace could show.
            if (RunningProcesses.Executable(pid) is not byte[] exe || RunningProcesses.Comm(pid) is not byte[] comm)
                continue;
            Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_MONOTONIC, out Interop.Libc.Timespec now);
            var exec = new PathRecord
            {
                Call = new SyscallRecord
                {
                    TimestampNs = (ulong)(now.tv_sec * 1_000_000_000 + now.tv_nsec),
                    SyscallId = SyscallRecord.ExecEvent,
                    Pid = (uint)pid,
                    Tid = (uint)pid,
                    ProgIndex = TaskMarker.NoProg,
                },
                Paths = new PathArgs { Count = 1 },
            };
            comm.AsSpan(0, Math.Min(comm.Length, TaskComm.Length)).CopyTo(exec.Call.Comm);
            exec.Paths.Arg[0] = PathArg.From(exe);
            output.Write(in exec);
        }
    }

    // Console's own stream swallows EPIPE; a plain stream on fd 1 reports it, so a closed pipe ends the echo.
    private static FileStream StandardOutput() => new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>Waits a short while for records and writes out what came.</summary>
    public void Poll()
    {
        if (_tracer.Poll(PollInterval) > 0)
            _destination.Flush();
    }

    /// <summary>Where the recording stands now, for the live status line.</summary>
    public RecordingProgress Progress()
    {
        TracerStats stats = _tracer.Stats;
        return new RecordingProgress(_destination.Records, stats.Dropped, _everyTask ? null : stats.TasksMarked - stats.TasksReleased, _destination.Progress());
    }

    /// <summary>Stops the tracer, then passes on every record it still had.</summary>
    public RecordingSummary Finish()
    {
        _tracer.Stop();
        _pairing?.Finish();
        (string where, IReadOnlyList<string> notes) = _destination.Finish();
        TracerStats stats = _tracer.Stats;
        if (stats.TasksUntraced > 0)
            notes = [.. notes, $"warning: {stats.TasksUntraced} tasks were left untraced: the table of traced threads was full "
                + $"({TidTables.MaxThreads} threads; this kernel has no task storage, Linux 5.13). Trace fewer programs"];
        return _everyTask
            ? new RecordingSummary(_destination.Records, stats.Dropped, null, null, where, notes)
            : new RecordingSummary(_destination.Records, stats.Dropped, stats.TasksMarked, stats.TasksMarked - stats.TasksReleased, where, notes);
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _destination.Dispose();
        _cgroups.Dispose();
    }
}
