using Sysrec.Streaming;

namespace Sysrec.Tests.Streaming;

public sealed class WaitingBatchesTests
{
    private static readonly RecorderKey A = new(Guid.NewGuid(), 1), B = new(Guid.NewGuid(), 2);

    [Fact]
    public void BatchesLeaveInTheirRecordersOrderOnceTheRecordsBeforeThemAreIn()
    {
        var waiting = new WaitingBatches<string>();
        Assert.False(waiting.Hold(A, 20, "a20", out _));
        Assert.False(waiting.Hold(A, 10, "a10", out _));
        Assert.False(waiting.Hold(B, 5, "b5", out _));
        Assert.True(waiting.Hold(A, 10, "a10 again", out string replaced));
        Assert.Equal(("a10", 3), (replaced, waiting.Count));

        Assert.False(waiting.TryTakeReady(A, 9, out _));
        Assert.True(waiting.TryTakeReady(A, 10, out string first));
        Assert.False(waiting.TryTakeReady(A, 19, out _));
        Assert.True(waiting.TryTakeReady(A, 20, out string second));
        Assert.Equal(("a10 again", "a20"), (first, second));
        Assert.Equal(["b5"], waiting.TakeAll());
        Assert.Equal(0, waiting.Count);
    }
}
