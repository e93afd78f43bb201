namespace Sysrec.Recording;

/// <summary>
/// How a recording went: events taken, events lost in the kernel, tasks (threads) traced over its life and at
/// its end, where the events went and what else the user must know about that.
/// </summary>
/// <param name="TasksTraced">Null under '*', where every thread is traced and none is counted; so is <paramref name="TasksStillTraced"/>.</param>
internal readonly record struct RecordingSummary(long Events, ulong Dropped, ulong? TasksTraced, ulong? TasksStillTraced, string Where, IReadOnlyList<string> Notes);
