using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Decoding;

/// <summary>The decode_specs map the loader fills: the printer table's captures as the kernel reads them.</summary>
public sealed class DecodeSpecsTests
{
    [Fact]
    public void EverySyscallsCapturesFitTheKernelsOps()
    {
        var specs = DecodeSpecs.InTables().ToList();
        Assert.Contains(specs, spec => spec.Abi == SyscallAbi.Native && SyscallTable.Name(SyscallAbi.Native, spec.Number) == "openat");
        Assert.Contains(specs, spec => spec.Abi == SyscallAbi.I386);
        Assert.All(specs, spec => Assert.True(spec.Spec.EntryOps + spec.Spec.ExitOps > 0));
    }

    [Theory]
    [InlineData("pipe2", 0)]
    [InlineData("socketpair", 3)]
    public void TheFdsAPairCallMadeAreReadFromTheArrayItFilled(string syscall, int argument)
    {
        DecodeSpec spec = Of(SyscallAbi.Native, syscall);
        DecodeOp[] targets = [.. Ops(spec.Exit, spec.ExitOps).Where(op => (CaptureKind)op.Kind == CaptureKind.FdTarget)];
        Assert.Equal([0, 1], targets.Select(op => (int)op.Element));
        Assert.All(targets, op => Assert.Equal((byte)argument, op.Argument));
        Assert.All(targets, op => Assert.Equal(DecodeOp.FdInArray, op.Flags));
    }

    [Fact]
    public void AnFdArgumentIsReadAsItsValue()
    {
        DecodeSpec spec = Of(SyscallAbi.Native, "connect");
        Assert.Contains(Ops(spec.Exit, spec.ExitOps), op => (CaptureKind)op.Kind == CaptureKind.FdTarget && op.Argument == 0 && op.Flags == 0);
    }

    [Theory]
    [InlineData(false, "getdents64", 16)]
    [InlineData(false, "getdents", 16)]
    [InlineData(true, "getdents64", 16)]
    [InlineData(true, "getdents", 8)]
    public void AGetdentsBufferIsWalkedByItsRecordLengths(bool i386, string syscall, int reclenOffset)
    {
        DecodeSpec spec = Of(i386 ? SyscallAbi.I386 : SyscallAbi.Native, syscall);
        DecodeOp walk = Ops(spec.Exit, spec.ExitOps).Single(op => (CaptureKind)op.Kind == CaptureKind.DirentCount);
        Assert.Equal(reclenOffset, walk.ElementSize);
    }

    private static DecodeSpec Of(SyscallAbi abi, string syscall) => DecodeSpecs.Of(SyscallPrinters.Of(abi, syscall)!);

    private static DecodeOp[] Ops(DecodeOps ops, int count) => [.. ((ReadOnlySpan<DecodeOp>)ops)[..count]];
}
