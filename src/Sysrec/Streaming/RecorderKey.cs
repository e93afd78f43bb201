namespace Sysrec.Streaming;

/// <summary>One recorder's run, the part of a record id before its sequence number (see <see cref="RecordBatch"/>).</summary>
internal readonly record struct RecorderKey(Guid BootId, ulong StartNs);
