using Microsoft.Win32.SafeHandles;
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
}

internal readonly record struct RecordingProgress(long Events, ulong Dropped, ulong TasksTraced, long Bytes);

/// <summary>How a recording went: events written, events lost, files used, and tasks (threads) traced over its life and at its end.</summary>
internal readonly record struct RecordingSummary(long Events, ulong Dropped, int Files, ulong TasksTraced, ulong TasksStillTraced);

/// <summary>
/// One recording from attach to the last record: the tracer, the reader draining its ring buffer,
/// and the trace file the records go to.
/// </summary>
internal sealed class RecordingSession : IDisposable
{
    // How long a record may wait in the ring buffer when the kernel was told not to wake us for it.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Tracer _tracer;
    private readonly TraceOutput _output;
    private readonly TraceWriter _writer;
    private readonly RingBufferReader _reader;

    private RecordingSession(Tracer tracer, TraceOutput output, TraceWriter writer, RingBufferReader reader)
    {
        _tracer = tracer;
        _output = output;
        _writer = writer;
        _reader = reader;
    }

    /// <summary>The reader of the echoed trace went away (e.g. <c>| head</c>), a reason to stop.</summary>
    public bool EchoClosed => _writer.EchoClosed;

    /// <summary>Loads and attaches the tracer and marks what already runs; recording has begun when this returns.</summary>
    public static RecordingSession Start(RecordOptions options)
    {
        Tracer tracer = Tracer.Load(options.Selection, options.Tracer);
        TraceWriter? writer = null;
        try
        {
            var output = new TraceOutput(options.OutputPath, options.MaxFileBytes);
            writer = new TraceWriter(output, options.Echo ? StandardOutput() : null, options.Format, options.SyscallNames, options.Tracer.CaptureExit);
            var session = new RecordingSession(tracer, output, writer, tracer.OpenReader(writer));
            tracer.Attach();
            IReadOnlyCollection<int> running = tracer.TraceRunningProcesses(options.Selection, options.Tracer.Follow);
            if (options.Tracer.ExecEvents)
                session.WriteExecsOf(running);
            return session;
        }
        catch
        {
            writer?.Dispose();
            tracer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The exec events the kernel never saw, of processes traced since before recording began: what they
    /// run now, from /proc, timed now. Written before any of their records, which wait in the ring buffer.
    /// </summary>
    private void WriteExecsOf(IEnumerable<int> pids)
    {
        foreach (int pid in pids)
        {
            // Gone meanwhile, or a kernel thread: nothing was exec'd that a trace could show.
            if (RunningProcesses.Executable(pid) is not byte[] exe || RunningProcesses.Comm(pid) is not byte[] comm)
                continue;
            Interop.Libc.ClockGetTime(Interop.Libc.CLOCK_MONOTONIC, out Interop.Libc.Timespec now);
            _writer.WriteExec((ulong)(now.tv_sec * 1_000_000_000 + now.tv_nsec), (uint)pid, comm, PathArg.From(exe));
        }
    }

    // Console's own stream swallows EPIPE; a plain stream on fd 1 reports it, so a closed pipe ends the echo.
    private static FileStream StandardOutput() => new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>Waits a short while for records and writes out what came.</summary>
    public void Poll()
    {
        if (_reader.Poll(PollInterval) > 0)
            _writer.Flush();
    }

    /// <summary>Where the recording stands now, for the live status line.</summary>
    public RecordingProgress Progress()
    {
        TracerStats stats = _tracer.Stats;
        return new RecordingProgress(_writer.LinesWritten, stats.Dropped, stats.TasksMarked - stats.TasksReleased, _output.TotalBytes);
    }

    /// <summary>Detaches, then writes every record still in the ring buffer.</summary>
    public RecordingSummary Finish()
    {
        _tracer.Detach();
        // A record reserved just before the detach may still be in flight; one short wait covers it.
        _reader.Drain();
        _reader.Poll(TimeSpan.FromMilliseconds(10));
        _writer.Flush();
        TracerStats stats = _tracer.Stats;
        return new RecordingSummary(_writer.LinesWritten, stats.Dropped, _output.Parts, stats.TasksMarked, stats.TasksMarked - stats.TasksReleased);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _tracer.Dispose();
    }
}
