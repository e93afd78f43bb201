namespace Sysrec.Decoding;

/// <summary>
/// The fields of a siginfo that strace prints: from a siginfo argument (waitid, rt_sigqueueinfo) or from
/// the kernel's signal_deliver event, for the <c>--- SIGCHLD {...} ---</c> line. Which of them are
/// printed depends on the signal and the code, as in strace's printsiginfo.
/// </summary>
internal readonly record struct SignalInfo(
    int Signal,
    int Code,
    int Errno = 0,
    int Pid = 0,
    uint Uid = 0,
    int Status = 0,
    long UserTime = 0,
    long SystemTime = 0,
    ulong Address = 0,
    long Band = 0,
    int Fd = 0,
    int Int = 0,
    ulong Pointer = 0,
    int TimerId = 0,
    int Overrun = 0);
