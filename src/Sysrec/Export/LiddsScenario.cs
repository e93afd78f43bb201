namespace Sysrec.Export;

/// <summary>
/// What a LID-DS recording's metadata says that the calls do not: the containers and their roles, the
/// image, the end of the warm-up and the exploits, given on the command line.
/// </summary>
/// <param name="WarmupEndUnixSeconds">When the warm-up ended; the first call when not given.</param>
internal sealed record LiddsScenario(IReadOnlyList<LiddsContainer> Containers, string Image, double? WarmupEndUnixSeconds,
    IReadOnlyList<LiddsExploit> Exploits, string? ExploitName)
{
    /// <summary>The metadata of a recording whose lines <paramref name="lines"/> are.</summary>
    public LiddsMetadata MetadataFor(LiddsLines lines) =>
        new(Containers, Image, Seconds(lines.FirstNs), Seconds(lines.LastNs), WarmupEndUnixSeconds, Exploits, ExploitName);

    private static double Seconds(ulong? ns) => (ns ?? 0) / 1e9;
}
