namespace Sysrec.Splitting;

/// <param name="Calls">The syscalls read, every one of which went to a file unless <paramref name="Unmapped"/> counts it.</param>
/// <param name="Unmapped">With i386 numbering, the x86_64 calls left out for having no i386 counterpart, by name.</param>
internal readonly record struct SplitSummary(long Calls, int Files, IReadOnlyDictionary<string, long> Unmapped);
