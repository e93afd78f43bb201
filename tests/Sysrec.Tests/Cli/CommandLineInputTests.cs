using Sysrec.Cli;
using Sysrec.Kernel;

namespace Sysrec.Tests.Cli;

public sealed class CommandLineInputTests
{
    [Fact]
    public void TakesOnePageAsTheSmallestSize() =>
        Assert.Equal(Environment.SystemPageSize, ByteSize.ParsePowerOfTwo("--buffer-size", Environment.SystemPageSize.ToString()));

    [Theory]
    [InlineData("256K", 256 << 10)]
    [InlineData("64m", 64 << 20)]
    [InlineData("1G", 1 << 30)]
    public void ReadsSizes(string text, int bytes) => Assert.Equal(bytes, ByteSize.ParsePowerOfTwo("--buffer-size", text));

    [Theory]
    [InlineData("")]
    [InlineData("12Q")]
    [InlineData("3M")]
    [InlineData("1K")]
    [InlineData("2G")]
    [InlineData("-4096")]
    public void RefusesOtherSizes(string text)
    {
        var error = Assert.Throws<SysrecException>(() => ByteSize.ParsePowerOfTwo("--buffer-size", text));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("--buffer-size: ", error.Message);
    }

    [Fact]
    public void TakesTheBasenameOfEachProgramOnce()
    {
        var selection = TraceSelection.From(["/bin/bash", "sshd", "./bash", "/usr/sbin/sshd"], []);
        Assert.False(selection.All);
        Assert.Equal(["bash", "sshd"], selection.Names);
    }

    [Fact]
    public void StarSelectsEveryProcess() => Assert.True(TraceSelection.From(["*"], []).All);

    [Fact]
    public void PidsAloneAreASelection()
    {
        var selection = TraceSelection.From([], [42, 7, 42]);
        Assert.Empty(selection.Names);
        Assert.Equal([42, 7], selection.Pids);
    }

    [Fact]
    public void NothingAtAllIsAUsageError()
    {
        var error = Assert.Throws<SysrecException>(() => TraceSelection.From([], []));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Theory]
    [InlineData("/usr/bin/")]
    [InlineData("")]
    public void RefusesAPathWithoutAName(string program)
    {
        var error = Assert.Throws<SysrecException>(() => TraceSelection.From([program], []));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void RefusesANameNoFileSystemAllows()
    {
        var error = Assert.Throws<SysrecException>(() => TraceSelection.From([new string('a', 256)], []));
        Assert.Contains("longer than 255 bytes", error.Message);
    }

    [Theory]
    [InlineData("CapEff:\t000001ffffffffff", true)]   // root
    [InlineData("CapEff:\t0000000000200000", true)]   // CAP_SYS_ADMIN alone
    [InlineData("CapEff:\t000000c000000000", true)]   // CAP_BPF + CAP_PERFMON
    [InlineData("CapEff:\t0000008000000000", false)]  // CAP_BPF alone
    [InlineData("CapEff:\t0000000000000000", false)]
    public void KnowsWhichCapabilitiesAllowTracing(string line, bool allowed) =>
        Assert.Equal(allowed, KernelSupport.HasTracingCapabilities($"Name:\tx\nCapInh:\t0\n{line}\nCapBnd:\t0\n"));
}
