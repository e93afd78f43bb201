namespace Sysrec.Trace;

/// <summary>What a recording's lines are (record's <c>--format</c>; the first is its default).</summary>
internal enum TraceFormat
{
    /// <summary>The design's <c>pid:syscall_id:comm</c> lines.</summary>
    Text,
    /// <summary>One JSON object per syscall with every field of the record.</summary>
    Jsonl,
    /// <summary>strace's own lines, as <c>strace -f -tt -T -yy -s N -o FILE</c> writes them, from decoded calls (--decode).</summary>
    Strace,
}
