using Sysrec.Analysis;
using Sysrec.Export;
using Sysrec.IO;
using Sysrec.Splitting;

namespace Sysrec.Streaming;

/// <summary>
/// What a dataset holds for one host besides its recording: the one place that turns a host's collected
/// recording into the dataset's files, the same the local tools make of a recording: its per-process
/// <c>comm:pid.log</c> files and their <c>manifest.csv</c> (as <c>sysrec split</c> writes them) and a Parquet
/// table (as <c>sysrec export</c> writes it).
/// </summary>
internal static class HostDataset
{
    public const string ParquetFile = "trace.parquet";

    /// <summary>Writes the dataset of the host whose recording (<see cref="CollectedDataset.JsonlFile"/>) is in <paramref name="hostDirectory"/>.</summary>
    public static SplitSummary Write(string hostDirectory)
    {
        // The jsonl recording rather than the text one: the manifest then has the calls' times.
        var recording = RecordingFiles.Of(Path.Combine(hostDirectory, CollectedDataset.JsonlFile));
        SplitSummary split = TraceSplitter.Split(recording, hostDirectory, new SplitOptions(WriteManifest: true));
        using TraceReader trace = TraceReader.Open(recording);
        using var table = PendingOutputFile.Create(Path.Combine(hostDirectory, ParquetFile), recording, "Choose another directory with -d DIR");
        table.Write(stream => ParquetExport.Write(trace, stream));
        table.Commit();
        return split;
    }
}
