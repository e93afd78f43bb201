using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>
/// Formats records into lines of a recording (<see cref="BufferedLines"/>). The format is a type
/// argument, so that a line is formatted by a direct call, with no choice made per record
/// (<see cref="LineFormat.WriterTo"/> makes the one the recording asks for).
/// </summary>
internal sealed class TraceWriter<TFormatter>(TraceOutput output, Stream? echo, TFormatter formatter, int bufferBytes = LineFormat.BufferBytes)
    : IRecordOutput where TFormatter : struct, ILineFormatter
{
    private readonly BufferedLines _lines = new(output, echo, bufferBytes);
    private readonly int _maxLength = formatter.MaxLength;

    public string Name => _lines.Name;

    public long Records { get; private set; }

    public bool EchoClosed => _lines.EchoClosed;

    public void Begin() => _lines.Begin();

    public string Progress() => _lines.Progress();

    public (string Where, IReadOnlyList<string> Notes) Finish() => _lines.Finish("records");

    public void Write(in SyscallRecord record)
    {
        _lines.Commit(formatter.Format(record, _lines.Room(_maxLength)));
        Records++;
    }

    public void Write(in PathRecord record)
    {
        _lines.Commit(formatter.Format(record, _lines.Room(_maxLength)));
        Records++;
    }

    /// <summary>A jsonl recording's clock event (<see cref="JsonLine.FormatClock"/>), between the records: the clocks of those that follow.</summary>
    public void WriteClock(ClockAnchor clock) => _lines.Commit(JsonLine.FormatClock(clock, _lines.Room(_maxLength)));

    public void Flush() => _lines.Flush();

    public void Dispose() => _lines.Dispose();
}
