namespace Sysrec.Splitting;

/// <param name="SyscallNames">Write syscall names (read, openat) instead of numbers.</param>
/// <param name="I386Numbering">Write every call in the i386 table, unmarked, as ADFA-LD has them.</param>
/// <param name="ByThread">One file per (comm, tid) instead of per (comm, pid); needs a jsonl recording.</param>
/// <param name="WriteManifest">Also write <see cref="Manifest.FileName"/>, a CSV row per file written.</param>
/// <param name="Adfa">Write ADFA-LD's files (i386 numbers, each followed by a space, no newline) into its
/// folders and names, adding to the set this layout chose; null for <c>comm:pid.log</c> files.</param>
internal readonly record struct SplitOptions(bool SyscallNames = false, bool I386Numbering = false, bool ByThread = false,
    bool WriteManifest = false, AdfaLayout? Adfa = null)
{
    /// <summary>Whether the files hold i386 numbers: asked for, or ADFA-LD's, which has no others.</summary>
    public bool InI386Table => I386Numbering || Adfa is not null;
}
