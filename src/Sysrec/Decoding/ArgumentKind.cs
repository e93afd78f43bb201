namespace Sysrec.Decoding;

/// <summary>
/// How strace prints one argument, and so what the kernel must read for it: each kind's capture is in
/// <see cref="ArgumentCaptures"/>, its text in <see cref="ArgumentRenderer"/>. "At exit" kinds print the
/// address when the call failed or never returned, as strace does.
/// </summary>
internal enum ArgumentKind : byte
{
    // Values in the register.
    /// <summary>Decimal, of the C type's width and signedness (an <c>int</c> as 32 bits: AT_FDCWD is -100).</summary>
    Number,
    /// <summary><c>%#lx</c>.</summary>
    Hex,
    /// <summary><c>NULL</c> or <c>0x7ffc...</c>.</summary>
    Pointer,
    /// <summary>A permission in octal: <c>0644</c>.</summary>
    Mode,
    /// <summary>open's mode: printed only when the flags create a file (O_CREAT, O_TMPFILE), as strace does.</summary>
    OpenMode,
    /// <summary>A mode with its file type: <c>S_IFREG|0644</c> (mknod).</summary>
    ModeWithType,
    /// <summary><c>3&lt;/etc/passwd&gt;</c> (-yy), or the number alone when the fd is not known.</summary>
    Fd,
    /// <summary>As <see cref="Fd"/>, and <c>AT_FDCWD&lt;/cwd&gt;</c> for -100.</summary>
    Dirfd,
    /// <summary>As <see cref="Fd"/>; the call changes what the socket is (bind, connect), so its target is read again at exit.</summary>
    SocketFd,
    /// <summary><c>SIGKILL</c>.</summary>
    Signal,
    /// <summary>Through the argument's <see cref="ArgumentPrinter.Format"/> (a constant set or its formatter).</summary>
    Constants,
    /// <summary>socket's protocol: IPPROTO_* for AF_INET and AF_INET6, a number for other families.</summary>
    SocketProtocol,
    /// <summary>A socket option's name, in the set of its level (SO_* for SOL_SOCKET, TCP_* for SOL_TCP).</summary>
    SocketOption,
    /// <summary>A user or group id: <c>-1</c> for -1, else unsigned.</summary>
    Id,
    /// <summary>Left out of the text, as strace leaves it (fchmodat's flags).</summary>
    Omitted,
    /// <summary>The low half of a 64-bit value whose high half is another argument (an i386 caller's loff_t in two registers), printed whole.</summary>
    Offset64,

    // Strings and buffers.
    /// <summary>A path at entry, printed in full (strace never cuts a path at -s).</summary>
    Path,
    /// <summary>A NUL-terminated string at entry, cut at -s.</summary>
    String,
    /// <summary>A buffer at entry whose length is argument <see cref="ArgumentPrinter.Length"/> (write).</summary>
    BufferIn,
    /// <summary>A buffer at exit whose length is the return (read, recv, readlink).</summary>
    BufferOut,
    /// <summary>As <see cref="BufferOut"/>, every byte in hex (getrandom).</summary>
    BufferOutHex,
    /// <summary>A path the call wrote, printed in full (getcwd).</summary>
    PathOut,

    // Structs, at exit unless the name says In.
    Stat,
    Stat64,
    Statx,
    Statfs,
    TimespecIn,
    TimespecOut,
    /// <summary>nanosleep's remainder: a timespec when a signal interrupted the sleep, else the address.</summary>
    TimespecRemain,
    Timespec32In,
    Timespec32Out,
    TimevalIn,
    TimevalOut,
    ItimerspecIn,
    ItimerspecOut,
    ItimervalIn,
    ItimervalOut,
    /// <summary>struct rlimit: fields of the ABI's word.</summary>
    RlimitIn,
    RlimitOut,
    /// <summary>struct rlimit64 (prlimit64): 64-bit fields.</summary>
    Rlimit64In,
    Rlimit64Out,
    Utsname,
    Sysinfo,
    Rusage,
    SigactionIn,
    SigactionOut,
    /// <summary>i386's struct old_sigaction of sigaction: handler, a one-word mask, flags, restorer.</summary>
    OldSigactionIn,
    OldSigactionOut,
    /// <summary>A signal set at entry; its length is argument <see cref="ArgumentPrinter.Length"/> (or the ABI's word).</summary>
    SigsetIn,
    SigsetOut,
    /// <summary>pselect6's struct of a sigset pointer and its size, read as one iovec: <c>{sigmask=[USR2], sigsetsize=8}</c>.</summary>
    SigsetAndSize,
    SiginfoIn,
    SiginfoOut,
    /// <summary>select's fd set, of as many bits as argument <see cref="ArgumentPrinter.Length"/> says: <c>[3&lt;pipe:[1]&gt; 4&lt;pipe:[1]&gt;]</c>; the ready fds go into the return's text.</summary>
    FdSet,
    /// <summary>sigaltstack's stack_t: <c>{ss_sp=0x55d0c8a2f2a0, ss_flags=0, ss_size=14528}</c>.</summary>
    StackIn,
    StackOut,
    /// <summary>poll's array: fds and events at entry; the revents go into the return's text.</summary>
    PollFds,
    EpollEventIn,
    /// <summary>epoll_wait's events: as many as the return says.</summary>
    EpollEventsOut,
    IovecIn,
    /// <summary>readv's iovecs: the data the return says was read, shared out in order.</summary>
    IovecOut,
    MsghdrIn,
    MsghdrOut,
    /// <summary>A sockaddr at entry whose length is argument <see cref="ArgumentPrinter.Length"/>.</summary>
    SockaddrIn,
    /// <summary>A sockaddr at exit whose length is the int argument <see cref="ArgumentPrinter.Length"/> points to.</summary>
    SockaddrOut,
    /// <summary>A socklen_t the call reads and writes: <c>[16]</c>, or <c>[128 => 16]</c> when it changed.</summary>
    SocklenInOut,
    /// <summary>pipe's and socketpair's two fds, each named: <c>[3&lt;pipe:[12]&gt;, 4&lt;pipe:[12]&gt;]</c>.</summary>
    FdPair,
    /// <summary>An int the call wrote: <c>[0]</c> (ioctl FIONREAD).</summary>
    IntOut,
    /// <summary>An int the call read: <c>[1]</c>.</summary>
    IntIn,
    /// <summary>A 64-bit integer the call writes, in brackets: _llseek's <c>[6]</c>.</summary>
    Int64Out,
    /// <summary>socketcall's array of the call's arguments, read at entry so that the call is shown as the one it makes (<see cref="SocketcallUnpacking"/>).</summary>
    SocketcallArgs,
    /// <summary>setsockopt's value: <c>[1]</c> for an int, else its bytes.</summary>
    SockoptIn,
    /// <summary>getsockopt's value, as long as the length argument says at exit.</summary>
    SockoptOut,
    /// <summary>wait4's status: <c>[{WIFEXITED(s) &amp;&amp; WEXITSTATUS(s) == 0}]</c>.</summary>
    WaitStatus,
    /// <summary>execve's argv: <c>["ls", "-l"]</c>, each cut at -s and the list after -s entries.</summary>
    Argv,
    /// <summary>execve's envp: <c>0x7ffc... /* 43 vars */</c>.</summary>
    Envp,
    /// <summary>getdents' buffer: <c>0x55d... /* 6 entries */</c>.</summary>
    Dirents,
    /// <summary>clone3's struct clone_args.</summary>
    CloneArgs,
    /// <summary>ioctl's third argument: what the request reads at entry and writes at exit.</summary>
    IoctlArgument,
}
