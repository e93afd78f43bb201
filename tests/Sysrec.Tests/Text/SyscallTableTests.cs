using Sysrec.Syscalls;

namespace Sysrec.Tests.Text;

/// <summary>The generated tables against numbers every x86_64 and i386 system agrees on.</summary>
public sealed class SyscallTableTests
{
    [Theory]
    [InlineData((int)SyscallAbi.I386, 11, "execve")]
    [InlineData((int)SyscallAbi.I386, 20, "getpid")]
    [InlineData((int)SyscallAbi.I386, 102, "socketcall")]
    [InlineData((int)SyscallAbi.I386, 197, "fstat64")]
    public void NamesAndNumbersAgree(int table, long number, string name)
    {
        var abi = (SyscallAbi)table;
        Assert.Equal(name, SyscallTable.Name(abi, number));
        Assert.True(SyscallTable.TryNumber(abi, name, out long back));
        Assert.Equal(number, back);
    }

    [Theory]
    [InlineData("read")]
    [InlineData("execve")]
    [InlineData("getppid")]
    [InlineData("openat")]
    public void ThisMachinesTableNamesEachNumberItGives(string name)
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, name, out long number));
        Assert.Equal(name, SyscallTable.Name(SyscallAbi.Native, number));
    }

    [Fact]
    public void TheX86_64TableComesFromItsHeader()
    {
        Assert.Equal("read", SyscallTable.X86_64[0]);
        Assert.Equal("execve", SyscallTable.X86_64[59]);
        Assert.Equal("getppid", SyscallTable.X86_64[110]);
        Assert.Equal("openat", SyscallTable.X86_64[257]);
    }

    [Fact]
    public void TheArm64TableComesFromTheGenericHeader()
    {
        Assert.Equal("getpid", SyscallTable.Arm64[172]);
        Assert.Equal("openat", SyscallTable.Arm64[56]);
        Assert.Equal("newfstatat", SyscallTable.Arm64[79]);
    }

    [Fact]
    public void AnUnknownNumberHasNoName() => Assert.Null(SyscallTable.Name(SyscallAbi.Native, 100_000));

    [Fact]
    public void FilterTakesNamesNumbersAndTables()
    {
        var filter = SyscallFilter.Parse("-e", "trace=openat,3,i386/20");

        Assert.True(filter.Keeps(SyscallAbi.Native, Integration.Nr.Of("openat")));
        Assert.True(filter.Keeps(SyscallAbi.I386, 295)); // openat in the i386 table
        Assert.True(filter.Keeps(SyscallAbi.Native, 3));
        Assert.True(filter.Keeps(SyscallAbi.I386, 20));
        Assert.False(filter.Keeps(SyscallAbi.Native, 20)); // another call in this machine's table
        Assert.Throws<SysrecException>(() => SyscallFilter.Parse("-e", "openat,nosuch"));
    }
}

/// <summary>ADFA-LD's numbering: what a 32-bit glibc calls for each x86_64 syscall.</summary>
public sealed class I386NumberingTests
{
    [Theory]
    [InlineData("mmap", 192)]        // mmap2
    [InlineData("fstat", 197)]       // fstat64
    [InlineData("connect", 102)]     // socketcall
    [InlineData("shmget", 117)]      // ipc
    [InlineData("getuid", 199)]      // getuid32
    [InlineData("read", 3)]
    [InlineData("openat", 295)]
    public void MapsByNameAndByGlibcSubstitute(string x86_64Name, long i386Number)
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, x86_64Name, out long native));
        Assert.True(I386Numbering.TryMap(SyscallAbi.Native, native, out long mapped));
        Assert.Equal(i386Number, mapped);
    }

    [Fact]
    public void KeepsI386CallsAndRefusesThoseWithoutCounterpart()
    {
        Assert.True(I386Numbering.TryMap(SyscallAbi.I386, 20, out long same));
        Assert.Equal(20, same);
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, "tuxcall", out long tuxcall));
        Assert.False(I386Numbering.TryMap(SyscallAbi.Native, tuxcall, out _));
    }
}

/// <summary>strace's syscall classes in the generated tables, and -e's negation.</summary>
public sealed class SyscallClassTableTests
{
    [Theory]
    [InlineData("%file", "openat", "open", "stat", "execve", "getcwd", "chdir", "mount", "unlinkat")]
    [InlineData("%desc", "read", "close", "openat", "mmap", "fstat", "epoll_wait", "pipe2", "dup2")]
    [InlineData("%network", "socket", "connect", "sendto", "recvmsg", "accept4", "setsockopt", "sendfile")]
    [InlineData("%process", "clone", "fork", "execve", "exit_group", "wait4", "kill", "tgkill")]
    [InlineData("%signal", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "kill", "sigaltstack", "pause")]
    [InlineData("%memory", "mmap", "munmap", "mprotect", "brk", "madvise", "mremap", "shmat")]
    [InlineData("%ipc", "shmget", "shmat", "semop", "msgsnd", "msgctl")]
    public void AClassKeepsItsMembers(string expression, params string[] members)
    {
        var filter = SyscallFilter.Parse("-e", expression);

        foreach (string member in members)
            Assert.True(filter.Keeps(SyscallAbi.Native, Number(member)), $"{expression} lacks {member}");
    }

    [Theory]
    [InlineData("%file", "read", "close", "fstat", "mmap", "socket", "getpid", "mq_open", "memfd_create")]
    [InlineData("%desc", "connect", "sendto", "socket", "stat", "getpid", "close_range", "mq_unlink", "kcmp")]
    [InlineData("%network", "read", "write", "close", "openat", "pipe")]
    [InlineData("%process", "getpid", "set_tid_address", "unshare", "rt_sigaction", "openat")]
    [InlineData("%signal", "alarm", "restart_syscall", "exit_group", "read")]
    [InlineData("%memory", "read", "memfd_create", "process_madvise", "shmget", "openat")]
    [InlineData("%ipc", "mq_open", "mq_timedsend", "pipe", "socket", "read")]
    public void AClassLeavesOutTheRest(string expression, params string[] others)
    {
        var filter = SyscallFilter.Parse("-e", expression);

        foreach (string other in others)
            Assert.False(filter.Keeps(SyscallAbi.Native, Number(other)), $"{expression} has {other}");
    }

    [Fact]
    public void AClassCoversTheI386FormsToo()
    {
        var filter = SyscallFilter.Parse("-e", "%file");

        Assert.True(SyscallTable.TryNumber(SyscallAbi.I386, "stat64", out long stat64));
        Assert.True(filter.Keeps(SyscallAbi.I386, stat64));
        Assert.True(SyscallTable.TryNumber(SyscallAbi.I386, "socketcall", out long socketcall));
        Assert.False(filter.Keeps(SyscallAbi.I386, socketcall));
    }

    [Fact]
    public void ABangKeepsEverythingElseNumbersNoTableNamesIncluded()
    {
        var filter = SyscallFilter.Parse("-e", "trace=!openat,%memory");

        Assert.False(filter.Keeps(SyscallAbi.Native, Number("openat")));
        Assert.False(filter.Keeps(SyscallAbi.Native, Number("mmap")));
        Assert.True(filter.Keeps(SyscallAbi.Native, Number("read")));
        Assert.True(filter.Keeps(SyscallAbi.Native, 999));
        Assert.True(SyscallFilter.Parse("-e", "!read").Keeps(SyscallAbi.I386, 20));
    }

    [Theory]
    [InlineData("%nosuch", "'%nosuch' is not a syscall class. Classes: %file, %desc, %network, %process, %signal, %memory, %ipc")]
    [InlineData("!", "no syscall given")]
    public void AnUnknownClassOrAnEmptyListIsRefused(string expression, string message)
    {
        var error = Assert.Throws<SysrecException>(() => SyscallFilter.Parse("-e", expression));

        Assert.Contains(message, error.Message);
    }

    private static long Number(string name)
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, name, out long number), $"no syscall {name}");
        return number;
    }
}
