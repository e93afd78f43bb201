using System.Diagnostics;
using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>The kernel ids of the BPF links and programs one process holds.</summary>
internal sealed record BpfIds(IReadOnlySet<int> Links, IReadOnlySet<int> Programs)
{
    public bool IsEmpty => Links.Count == 0 && Programs.Count == 0;

    public bool Equals(BpfIds? other) => other is not null && Links.SetEquals(other.Links) && Programs.SetEquals(other.Programs);

    public override int GetHashCode() => HashCode.Combine(Links.Count, Programs.Count);

    public override string ToString() => $"links [{string.Join(", ", Links.Order())}], programs [{string.Join(", ", Programs.Order())}]";
}

/// <summary>
/// Finds a recorder's own BPF links and programs, so a test can tell whether they outlive it while other
/// recorders (other tests, benchmarks) come and go on the same kernel: ids are handed out cyclically, so
/// a gone id does not come back meanwhile.
/// </summary>
internal static class BpfObjects
{
    /// <summary>What <paramref name="pid"/> holds open, read from /proc/PID/fdinfo (link_id:, prog_id:).</summary>
    public static BpfIds HeldBy(int pid)
    {
        var links = new HashSet<int>();
        var programs = new HashSet<int>();
        foreach (string fdinfo in Directory.EnumerateFiles($"/proc/{pid}/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(fdinfo);
            }
            catch (IOException)
            {
                continue; // closed while we listed it
            }
            foreach (string line in lines)
            {
                if (line.StartsWith("link_id:", StringComparison.Ordinal))
                    links.Add(int.Parse(line["link_id:".Length..]));
                else if (line.StartsWith("prog_id:", StringComparison.Ordinal))
                    programs.Add(int.Parse(line["prog_id:".Length..]));
            }
        }
        return new BpfIds(links, programs);
    }

    /// <summary>Which of <paramref name="ids"/> the kernel still has, as bpftool lists them.</summary>
    public static BpfIds StillLoaded(BpfIds ids) =>
        new(ids.Links.Intersect(ListedIds("link")).ToHashSet(), ids.Programs.Intersect(ListedIds("prog")).ToHashSet());

    /// <summary>
    /// Waits until none of <paramref name="ids"/> is loaded and returns what is left: the kernel frees a
    /// link or program shortly after its last file closes, not necessarily at once.
    /// </summary>
    public static BpfIds AwaitGone(BpfIds ids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            BpfIds left = StillLoaded(ids);
            if (left.IsEmpty || clock.Elapsed > timeout)
                return left;
            Thread.Sleep(50);
        }
    }

    private static IEnumerable<int> ListedIds(string kind)
    {
        CommandResult result = Run.Command("bpftool", ["--json", kind, "show"]);
        Assert.True(result.ExitCode == 0, $"bpftool {kind} show failed: {result.Stderr}");
        using JsonDocument listing = JsonDocument.Parse(result.Stdout);
        return [.. listing.RootElement.EnumerateArray().Select(item => item.GetProperty("id").GetInt32())];
    }
}
