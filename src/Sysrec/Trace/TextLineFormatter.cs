using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>Records as the design's text lines (<see cref="TraceLine"/>), after the wall-clock stamp that -t, -tt, -ttt ask for.</summary>
internal readonly struct TextLineFormatter(bool syscallNames, WallClockStamp? stamp) : ILineFormatter
{
    public int MaxLength => WallClockStamp.MaxLength + TraceLine.MaxLength;

    public int Format(in SyscallRecord record, Span<byte> destination)
    {
        int stamped = stamp?.Format(record.TimestampNs, destination) ?? 0;
        return stamped + TraceLine.Format(record, destination[stamped..], syscallNames);
    }

    /// <remarks>The text line has no place for paths or exec events, and a text recording asks for neither: the call alone.</remarks>
    public int Format(in PathRecord record, Span<byte> destination) => Format(record.Call, destination);
}
