using System.Text;
using Sysrec.Export;

namespace Sysrec.Tests.Export;

/// <summary>The sort that puts a LID-DS export's lines in time order, in bounded memory.</summary>
public sealed class TimeOrderedLinesTests
{
    [Fact]
    public void LinesBeyondWhatIsHeldAreSortedThroughRunsOnDiskAndTiesKeepTheirOrder()
    {
        // Over two runs' worth and some held lines: times go down within each stretch, and every time is given twice.
        const int count = 600_000;
        using var output = new MemoryStream();
        string? runs;
        using (var lines = new TimeOrderedLines(longestLine: 256))
        {
            for (int i = 0; i < count; i++)
            {
                ulong time = (ulong)((count - i) / 2 % 50_000);
                lines.Add(time, Encoding.ASCII.GetBytes($"{time:D10} {i:D9} {new string('x', 40)}\n"));
            }
            runs = lines.RunsDirectory;
            Assert.NotNull(runs);
            Assert.True(Directory.GetFiles(runs).Length >= 2, "fewer than two runs");
            lines.WriteTo(output);
        }

        string[] written = Encoding.ASCII.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, written.Length);
        (ulong Time, int Added)[] keys = [.. written.Select(line => (ulong.Parse(line[..10]), int.Parse(line[11..20])))];
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(Enumerable.Range(0, count), keys.Select(key => key.Added).Order());
        // Gone with the sort.
        Assert.False(Directory.Exists(runs));
    }
}
