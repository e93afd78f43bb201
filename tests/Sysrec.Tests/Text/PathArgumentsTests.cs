using Sysrec.Syscalls;

namespace Sysrec.Tests.Text;

public sealed class PathArgumentsTests
{
    [Fact]
    public void FanotifyMarksPathComesOneArgumentLaterOnI386WhereItsMaskTakesTwo()
    {
        var positions = PathArguments.InTables().ToDictionary(entry => (entry.Abi, entry.Number), entry => entry.Positions);

        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, "fanotify_mark", out long native));
        Assert.True(SyscallTable.TryNumber(SyscallAbi.I386, "fanotify_mark", out long i386));
        Assert.Equal(1 << 4, positions[(SyscallAbi.Native, native)]);
        Assert.Equal(1 << 5, positions[(SyscallAbi.I386, i386)]);
    }
}
