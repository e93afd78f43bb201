namespace Sysrec.Decoding;

/// <summary>A signal delivered to a thread (the kernel's signal_deliver): <c>--- SIGCHLD {si_signo=SIGCHLD, ...} ---</c>.</summary>
internal readonly record struct SignalDelivery(int Tid, int Pid, ulong TimeNs, SignalInfo Info);
