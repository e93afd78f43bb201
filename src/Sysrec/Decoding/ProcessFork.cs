namespace Sysrec.Decoding;

/// <summary>A task made another (the kernel's sched_process_fork): a thread shares its parent's fd table, as does a process cloned with CLONE_FILES; a fork copies it.</summary>
internal readonly record struct ProcessFork(int ParentTid, int ParentPid, int ChildTid, int ChildPid, bool SharesFiles);
