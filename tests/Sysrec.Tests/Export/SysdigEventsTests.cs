using Sysrec.Export;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Export;

/// <summary>sysdig's events, as the committed table has them from sysdig's driver of LID-DS 2021's time.</summary>
public sealed class SysdigEventsTests
{
    [Theory]
    [InlineData("pread64", "pread")]
    [InlineData("pwrite64", "pwrite")]
    [InlineData("prlimit64", "prlimit")]
    [InlineData("openat", "openat")]
    [InlineData("accept4", "accept")]
    public void NamesEachSyscallAsSysdigDoes(string syscall, string sysdigEvent)
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, syscall, out long number));

        Assert.Equal(sysdigEvent, System.Text.Encoding.UTF8.GetString(SysdigEvents.Of(SyscallAbi.Native, number)!.Name.Span));
    }

    [Fact]
    public void CarriesEachParameterOnTheSideSysdigDoes()
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, "openat", out long openat));
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, "read", out long read));

        SysdigEvent open = SysdigEvents.Of(SyscallAbi.Native, openat)!;
        Assert.Empty(open.Entry);
        Assert.Equal(["fd", "dirfd", "name", "flags", "mode", "dev"], open.Exit.Select(p => p.Name));
        SysdigEvent reading = SysdigEvents.Of(SyscallAbi.Native, read)!;
        Assert.Equal([("fd", "PT_FD"), ("size", "PT_UINT32")], reading.Entry.Select(p => (p.Name, p.Type)));
        Assert.Equal([("res", "PT_ERRNO"), ("data", "PT_BYTEBUF")], reading.Exit.Select(p => (p.Name, p.Type)));
    }

    [Fact]
    public void ASyscallSysdigRecordsAsAGenericEventHasNone()
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, "getppid", out long getppid));

        Assert.Null(SysdigEvents.Of(SyscallAbi.Native, getppid));
    }
}
