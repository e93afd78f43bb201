namespace Sysrec.Decoding;

/// <summary>A process ended: <c>+++ exited with 3 +++</c>, or <c>+++ killed by SIGKILL +++</c> when <see cref="Signal"/> is not 0.</summary>
internal readonly record struct ProcessExit(int Tid, int Pid, ulong TimeNs, int ExitCode, int Signal = 0, bool CoreDumped = false);
