namespace Sysrec.Splitting;

/// <param name="SyscallNames">Write syscall names (read, openat) instead of numbers.</param>
/// <param name="I386Numbering">Write every call in the i386 table, unmarked, as ADFA-LD has them.</param>
/// <param name="ByThread">One file per (comm, tid) instead of per (comm, pid); needs a jsonl recording.</param>
/// <param name="WriteManifest">Also write <see cref="Manifest.FileName"/>, a CSV row per file written.</param>
internal readonly record struct SplitOptions(bool SyscallNames = false, bool I386Numbering = false, bool ByThread = false, bool WriteManifest = false);
