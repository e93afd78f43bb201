namespace Sysrec.Splitting;

/// <param name="SyscallNames">Write syscall names (read, openat) instead of numbers.</param>
/// <param name="Numbering">The table the ids are written in.</param>
/// <param name="By">A file per process or per thread.</param>
/// <param name="WriteManifest">Also write <see cref="Manifest.FileName"/>, a CSV row per file written.</param>
/// <param name="Adfa">Write ADFA-LD's files (i386 numbers, each followed by a space, no newline) into its
/// folders and names, adding to the set this layout chose; null for <c>comm:pid.log</c> files.</param>
internal readonly record struct SplitOptions(bool SyscallNames = false, SplitNumbering Numbering = SplitNumbering.Native, SplitBy By = SplitBy.Pid,
    bool WriteManifest = false, AdfaLayout? Adfa = null)
{
    /// <summary>Whether the files hold i386 numbers: asked for, or ADFA-LD's, which has no others.</summary>
    public bool InI386Table => Numbering == SplitNumbering.I386 || Adfa is not null;
}
