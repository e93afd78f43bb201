using Microsoft.Win32.SafeHandles;
using Sysrec.Analysis;
using Sysrec.Streaming;
using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Recording;

internal sealed record RecordOptions(TraceSelection Selection, string OutputPath, TraceFormat Format, bool Echo, TracerOptions Tracer)
{
    /// <summary>No live status line (and, for record, no echo).</summary>
    public bool Quiet { get; init; }

    /// <summary>Text lines name the syscalls instead of numbering them.</summary>
    public bool SyscallNames { get; init; }

    /// <summary>Start a new numbered file when the current one would pass this size.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>Stop by itself after this long.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Publish the records to a NATS JetStream stream instead of writing the trace file.</summary>
    public StreamOptions? Stream { get; init; }

    /// <summary>Count the syscalls as they are recorded, for a table like `sysrec stats` at the end.</summary>
    public bool Summary { get; init; }

    /// <summary>-t, -tt, -ttt: the wall-clock time before each text line.</summary>
    public TimestampStyle Timestamps { get; init; }

    /// <summary>-ff: each process's trace in its own file, OutputPath.PID.</summary>
    public bool FilePerProcess { get; init; }

    /// <summary>-Z: only the calls that returned an error (with exit records).</summary>
    public bool FailedOnly { get; init; }
}

/// <param name="Output">How far the output has got (bytes written, records published).</param>
/// <param name="TasksTraced">Threads traced now; null under '*', where every one is and none is counted.</param>
internal readonly record struct RecordingProgress(long Events, ulong Dropped, ulong? TasksTraced, string Output);

/// <summary>
/// How a recording went: events taken, events lost in the kernel, tasks (threads) traced over its life and at
/// its end, where the events went and what else the user must know about that.
/// </summary>
/// <param name="TasksTraced">Null under '*', where every thread is traced and none is counted; so is <paramref name="TasksStillTraced"/>.</param>
internal readonly record struct RecordingSummary(long Events, ulong Dropped, ulong? TasksTraced, ulong? TasksStillTraced, string Where, IReadOnlyList<string> Notes);

/// <summary>
/// One recording from attach to the last record: the tracer, the reader draining its ring buffer,
/// and where the records go, the trace file or a stream.
/// </summary>
internal sealed class RecordingSession : IDisposable
{
    // How long a record may wait in the ring buffer when the kernel was told not to wake us for it.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Tracer _tracer;
    private readonly ITraceDestination _destination;
    private readonly RingBufferReader _reader;
    private readonly SummarySink? _summary;
    private readonly bool _everyTask;

    private RecordingSession(Tracer tracer, ITraceDestination destination, SummarySink? summary, bool everyTask, bool failedOnly)
    {
        _tracer = tracer;
        _destination = destination;
        _summary = summary;
        _everyTask = everyTask;
        IRecordSink sink = summary ?? (IRecordSink)destination;
        _reader = tracer.OpenReader(failedOnly ? new FailedOnlySink(sink) : sink);
    }

    /// <summary>With <see cref="RecordOptions.Summary"/>, the counts of what was recorded so far; otherwise null.</summary>
    public StatsReport? SummaryReport => _summary?.Tally.Report(top: null);

    /// <summary>The reader of the echoed trace went away (e.g. <c>| head</c>), a reason to stop.</summary>
    public bool EchoClosed => _destination.EchoClosed;

    /// <summary>Where the records go, for the messages.</summary>
    public string DestinationName => _destination.Name;

    /// <summary>Loads and attaches the tracer and marks what already runs; recording has begun when this returns.</summary>
    /// <param name="launch">
    /// Starts what is to be recorded from its first syscall (run's command) once tracing is attached, and
    /// before the trace file loses what it held: a command that cannot start leaves an earlier trace as it was.
    /// </param>
    public static RecordingSession Start(RecordOptions options, Action? launch = null)
    {
        Tracer tracer = Tracer.Load(options.Selection, options.Tracer);
        ITraceDestination? destination = null;
        try
        {
            WallClockStamp? stamp = options.Timestamps == TimestampStyle.None ? null : WallClockStamp.StartingNow(options.Timestamps);
            destination = options.Stream is { } stream
                ? StreamDestination.Open(stream, options.Tracer.CaptureArgs, options.Tracer.CaptureExit)
                : options.FilePerProcess
                ? new PerProcessTraceWriter(options.OutputPath, options.Format, options.SyscallNames, options.Tracer.CaptureExit, stamp)
                : new TraceWriter(TraceOutput.BeginningLater(options.OutputPath, options.MaxFileBytes), options.Echo ? StandardOutput() : null,
                    options.Format, options.SyscallNames, options.Tracer.CaptureExit, stamp);
            var session = new RecordingSession(tracer, destination,
                options.Summary ? new SummarySink(destination, options.Tracer.CaptureExit) : null, options.Selection.All, options.FailedOnly);
            tracer.Attach();
            IReadOnlyCollection<int> running = tracer.TraceRunningProcesses(options.Selection, options.Tracer.Follow);
            launch?.Invoke();
            if (destination is TraceWriter writer)
                writer.Begin();
            if (options.Tracer.ExecEvents && destination is IExecEventSink sink)
                WriteExecsOf(sink, running);
            return session;
        }
        catch
        {
            destination?.Dispose();
            tracer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The exec events the kernel never saw, of processes traced since before recording began: what they
    /// run now, from /proc, timed now. Written before any of their records, which wait in the ring buffer.
    /// </summary>
    private static void WriteExecsOf(IExecEventSink writer, IEnumerable<int> pids)
    {
        foreach (int pid in pids)
        {
            // Gone meanwhile, or a kernel thread: nothing was exec'd that a trace could show.
            if (RunningProcesses.Executable(pid) is not byte[] exe || RunningProcesses.Comm(pid) is not byte[] comm)
                continue;
            Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_MONOTONIC, out Interop.Libc.Timespec now);
            writer.WriteExec((ulong)(now.tv_sec * 1_000_000_000 + now.tv_nsec), (uint)pid, comm, PathArg.From(exe));
        }
    }

    // Console's own stream swallows EPIPE; a plain stream on fd 1 reports it, so a closed pipe ends the echo.
    private static FileStream StandardOutput() => new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>Waits a short while for records and writes out what came.</summary>
    public void Poll()
    {
        if (_reader.Poll(PollInterval) > 0)
            _destination.Flush();
    }

    /// <summary>Where the recording stands now, for the live status line.</summary>
    public RecordingProgress Progress()
    {
        TracerStats stats = _tracer.Stats;
        return new RecordingProgress(_destination.Records, stats.Dropped, _everyTask ? null : stats.TasksMarked - stats.TasksReleased, _destination.Progress());
    }

    /// <summary>Detaches, then passes on every record still in the ring buffer.</summary>
    public RecordingSummary Finish()
    {
        _tracer.Detach();
        // A record reserved just before the detach may still be in flight; one short wait covers it.
        _reader.Drain();
        _reader.Poll(TimeSpan.FromMilliseconds(10));
        (string where, IReadOnlyList<string> notes) = _destination.Finish();
        TracerStats stats = _tracer.Stats;
        return _everyTask
            ? new RecordingSummary(_destination.Records, stats.Dropped, null, null, where, notes)
            : new RecordingSummary(_destination.Records, stats.Dropped, stats.TasksMarked, stats.TasksMarked - stats.TasksReleased, where, notes);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _destination.Dispose();
        _tracer.Dispose();
    }
}
