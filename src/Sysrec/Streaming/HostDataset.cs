using Sysrec.Splitting;

namespace Sysrec.Streaming;

/// <summary>
/// What a dataset holds for one host besides its recording: the one place that turns a host's collected
/// recording into the dataset's files, today its per-process <c>comm:pid.log</c> files, as <c>sysrec split</c>
/// writes them.
/// </summary>
internal static class HostDataset
{
    /// <summary>Writes the dataset of the host whose recording (<see cref="CollectedDataset.TraceFile"/>) is in <paramref name="hostDirectory"/>.</summary>
    public static SplitSummary Write(string hostDirectory) =>
        TraceSplitter.Split(Path.Combine(hostDirectory, CollectedDataset.TraceFile), hostDirectory);
}
