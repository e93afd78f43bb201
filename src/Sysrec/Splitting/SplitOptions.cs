namespace Sysrec.Splitting;

/// <param name="SyscallNames">Write syscall names (read, openat) instead of numbers.</param>
/// <param name="Numbering">The table the ids are written in.</param>
/// <param name="By">A file per process or per thread.</param>
/// <param name="WriteManifest">Also write <see cref="Manifest.FileName"/>, a CSV row per file written.</param>
internal readonly record struct SplitOptions(bool SyscallNames = false, SplitNumbering Numbering = SplitNumbering.Native, SplitBy By = SplitBy.Pid, bool WriteManifest = false);
