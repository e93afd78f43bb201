using Sysrec.Kernel;

namespace Sysrec.Trace;

/// <summary>How a record becomes a line of one of the recording's formats (<see cref="TraceFormat"/>).</summary>
internal interface ILineFormatter
{
    /// <summary>The longest line <see cref="Format(in SyscallRecord, Span{byte})"/> or <see cref="Format(in PathRecord, Span{byte})"/> writes.</summary>
    int MaxLength { get; }

    /// <summary>Writes the line of <paramref name="record"/> into <paramref name="destination"/>; returns its length.</summary>
    int Format(in SyscallRecord record, Span<byte> destination);

    /// <summary>Writes the line of a record with paths, or of an exec event; returns its length.</summary>
    int Format(in PathRecord record, Span<byte> destination);
}
