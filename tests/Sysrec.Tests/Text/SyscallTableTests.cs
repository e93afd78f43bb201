using Sysrec.Syscalls;
using Sysrec.Tracing;

namespace Sysrec.Tests.Text;

/// <summary>The generated tables against numbers every x86_64 and i386 system agrees on.</summary>
public sealed class SyscallTableTests
{
    [Theory]
    [InlineData((int)SyscallAbi.Native, 0, "read")]
    [InlineData((int)SyscallAbi.Native, 59, "execve")]
    [InlineData((int)SyscallAbi.Native, 110, "getppid")]
    [InlineData((int)SyscallAbi.Native, 257, "openat")]
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

        Assert.True(filter.Keeps(SyscallAbi.Native, 257));
        Assert.True(filter.Keeps(SyscallAbi.I386, 295)); // openat in the i386 table
        Assert.True(filter.Keeps(SyscallAbi.Native, 3));
        Assert.True(filter.Keeps(SyscallAbi.I386, 20));
        Assert.False(filter.Keeps(SyscallAbi.Native, 20));
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
