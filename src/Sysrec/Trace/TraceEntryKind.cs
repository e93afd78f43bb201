namespace Sysrec.Trace;

/// <summary>What a line of a recording holds.</summary>
internal enum TraceEntryKind
{
    Syscall,
    Exec,
    /// <summary>A jsonl clock event (<see cref="ClockAnchor"/>), which <see cref="TraceReader"/> keeps to itself.</summary>
    Clock,
    /// <summary>A jsonl line with an <c>"event"</c> this version does not know: passed over.</summary>
    OtherEvent,
}
