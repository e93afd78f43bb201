namespace Sysrec.Splitting;

/// <summary>What a split makes a file for (<c>--by</c>; the first is its default).</summary>
internal enum SplitBy
{
    /// <summary>A file per process, <c>comm:pid.log</c>.</summary>
    Pid,
    /// <summary>A file per thread, <c>comm:tid.log</c>; needs the thread ids of a jsonl recording.</summary>
    Tid,
}
