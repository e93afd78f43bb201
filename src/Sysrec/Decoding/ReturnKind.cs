namespace Sysrec.Decoding;

/// <summary>How strace prints a call's success value (a failure is always <c>-1 ENOENT (...)</c>).</summary>
internal enum ReturnKind : byte
{
    /// <summary>Signed decimal.</summary>
    Number,
    /// <summary>An fd the call duplicated (dup2): named as the fd table has it after the call.</summary>
    Fd,
    /// <summary>An fd the call made (openat, socket): named, and what it refers to read at exit for the fd table.</summary>
    NewFd,
    /// <summary><c>0x7fa303cda000</c> (mmap, brk).</summary>
    Hex,
    /// <summary><c>022</c> (umask).</summary>
    Octal,
    /// <summary>poll's: the count, then the revents: <c>1 ([{fd=3, revents=POLLIN}])</c>, <c>0 (Timeout)</c>.</summary>
    Poll,
    /// <summary>select's: the count, then the ready fds of each set and the time left: <c>2 (in [3], out [4], left {tv_sec=0, tv_nsec=996942})</c>, <c>0 (Timeout)</c>.</summary>
    Select,
    /// <summary>A signal's number, and its name in parentheses: rt_sigtimedwait's <c>12 (SIGUSR2)</c>.</summary>
    Signal,
}
