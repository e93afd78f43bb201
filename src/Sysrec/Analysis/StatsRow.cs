using Sysrec.Trace;

namespace Sysrec.Analysis;

internal readonly record struct StatsRow(SyscallKey Syscall, SyscallTally Tally);
