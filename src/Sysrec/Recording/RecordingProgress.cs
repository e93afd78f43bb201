namespace Sysrec.Recording;

/// <param name="Output">How far the output has got (bytes written, records published).</param>
/// <param name="TasksTraced">Threads traced now; null under '*', where every one is and none is counted.</param>
internal readonly record struct RecordingProgress(long Events, ulong Dropped, ulong? TasksTraced, string Output);
