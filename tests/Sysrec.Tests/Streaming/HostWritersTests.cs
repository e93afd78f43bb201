using Sysrec.Streaming;

namespace Sysrec.Tests.Streaming;

public sealed class HostWritersTests
{
    [Fact]
    public void EachWritersWorkIsDoneInOrderAndAFailureComesBackAsItWasThrown()
    {
        using var writers = new HostWriters(2);
        var done = new[] { new List<int>(), new List<int>() };
        for (int i = 0; i < 1000; i++)
        {
            int writer = i % 2, item = i;
            writers.Post(writer, () => done[writer].Add(item));
        }
        writers.Drain();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => 2 * i), done[0]);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => 2 * i + 1), done[1]);
        Assert.Equal((0, 1, 1), (writers.Assign(), writers.Assign(), writers.Beside(0)));

        writers.Post(1, () => throw new SysrecException(ExitCodes.Failure, "cannot write x: disk full"));
        writers.Post(1, () => done[1].Add(-1));
        var failure = Assert.Throws<SysrecException>(writers.Drain);
        Assert.Equal("cannot write x: disk full", failure.Message);
        Assert.DoesNotContain(-1, done[1]);
    }
}
