using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

public sealed class CallInProgressTests
{
    [Fact]
    public void AThreadInsideACallGivesItsNumberAndArguments()
    {
        (long number, ulong[] args) = CallInProgress.Parse("0 0x3 0x7f3327298000 0x20000 0x7f3327325b60 0xffffffff 0x0 0x7fff9ab26b68 0x7f332740e2ad\n")!.Value;
        Assert.Equal(0, number);
        Assert.Equal([3UL, 0x7f3327298000UL, 0x20000UL, 0x7f3327325b60UL, 0xffffffffUL, 0UL], args);
    }

    [Theory]
    [InlineData("running\n")]
    [InlineData("-1 0x7fff9ab26b68 0x7f332740e2ad\n")]
    [InlineData("")]
    public void AThreadOutsideOneGivesNone(string line) => Assert.Null(CallInProgress.Parse(line));
}
