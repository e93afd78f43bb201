using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// What the lines of a recording look like: its format, and how that format is asked to write them. The
/// writer is chosen here once, for the whole recording, not line by line.
/// </summary>
/// <param name="SyscallNames">Text lines name the syscalls instead of numbering them (--names).</param>
/// <param name="WithExit">The records carry their returns (--exit).</param>
/// <param name="Stamp">-t, -tt, -ttt: the wall-clock time before each text line.</param>
/// <param name="Cgroups">Where a jsonl line's cgroup id is named; null where it cannot be.</param>
internal sealed record LineFormat(TraceFormat Format, bool SyscallNames = false, bool WithExit = false, WallClockStamp? Stamp = null, CgroupPaths? Cgroups = null)
{
    /// <summary>The trace writer's buffer: big enough that writes are few and large.</summary>
    public const int BufferBytes = 1 << 20;

    /// <summary>The line each file of a recording in this format starts with, made when the file begins: a jsonl recording's clock event.</summary>
    public Func<byte[]>? PartHeader => Format == TraceFormat.Jsonl ? ClockLine : null;

    /// <summary>A writer of lines in this format to <paramref name="output"/>, and echoed to <paramref name="echo"/> if given.</summary>
    public IRecordOutput WriterTo(TraceOutput output, Stream? echo = null, int bufferBytes = BufferBytes) => Format switch
    {
        TraceFormat.Jsonl => new TraceWriter<JsonLineFormatter>(output, echo, new JsonLineFormatter(WithExit, Cgroups), bufferBytes),
        _ => new TraceWriter<TextLineFormatter>(output, echo, new TextLineFormatter(SyscallNames, Stamp), bufferBytes),
    };

    private static byte[] ClockLine()
    {
        Span<byte> line = stackalloc byte[128];
        return line[..JsonLine.FormatClock(ClockAnchor.Now(), line)].ToArray();
    }
}
