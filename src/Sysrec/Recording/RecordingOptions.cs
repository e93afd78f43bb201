using Sysrec.Kernel;
using Sysrec.Trace;

namespace Sysrec.Recording;

internal sealed record RecordingOptions(TraceSelection Selection, string OutputPath, TraceFormat Format, bool Echo, TracerOptions Tracer)
{
    /// <summary>No live status line (and, for record, no echo).</summary>
    public bool Quiet { get; init; }

    /// <summary>Text lines name the syscalls instead of numbering them.</summary>
    public bool SyscallNames { get; init; }

    /// <summary>Start a new numbered file when the current one would pass this size.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>Stop by itself after this long.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop by itself when this comes (a recorded container stops); null for no such end.</summary>
    public RecordingEnd? EndsWhen { get; init; }

    /// <summary>
    /// Opens where the records go instead of the trace file (record --sink: a stream), once the tracer has
    /// loaded; null to write the file.
    /// </summary>
    public Func<IRecordOutput>? OpenOutput { get; init; }

    /// <summary>Count the syscalls as they are recorded, for a table like `sysrec stats` at the end.</summary>
    public bool Summary { get; init; }

    /// <summary>-t, -tt, -ttt: the wall-clock time before each text line.</summary>
    public TimestampStyle Timestamps { get; init; }

    /// <summary>
    /// Whether an output shows when each call was made: all but the design's text line without -t. The
    /// stream's records carry their arguments, and with them the time; a seccomp profile's set of syscalls needs none.
    /// </summary>
    public bool ShowsCallTimes => Format != TraceFormat.Text || Timestamps != TimestampStyle.None || Lidds is not null;

    /// <summary>-ff: each process's trace in its own file, OutputPath.PID.</summary>
    public bool FilePerProcess { get; init; }

    /// <summary>--lidds: the calls go into a LID-DS recording instead of the trace file.</summary>
    public LiddsLiveOptions? Lidds { get; init; }

    /// <summary>-Z: only the calls that returned an error (with exit records).</summary>
    public bool FailedOnly { get; init; }
}
