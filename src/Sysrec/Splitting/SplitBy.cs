namespace Sysrec.Splitting;

/// <summary>What a split makes a file for (<c>--by</c>; the first is its default).</summary>
internal enum SplitBy
{
    /// <summary>A file per process, <c>comm:pid.log</c>.</summary>
    Pid,
    /// <summary>A file per thread, <c>comm:tid.log</c>; needs the thread ids of a jsonl recording.</summary>
    Tid,
    /// <summary>
    /// A file per cgroup v2, <c>PATH:ID.log</c> (the path encoded as a comm is, its '/' as %2F; ID the low 32
    /// bits of the cgroup id), every call of every process in it in order; needs a jsonl recording.
    /// </summary>
    Cgroup,
}
