using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>A recording exported as LID-DS 2021 ships one (<see cref="LiddsZip"/>): from an export, the <c>.res</c> has its header only.</summary>
internal static class LiddsRecording
{
    /// <param name="name">The recording's name: the zip's without <c>.zip</c>, and its members'.</param>
    /// <param name="capture">A pcap file to ship as the recording's traffic; null for a capture of no packets.</param>
    public static LiddsLines Write(Stream output, string name, TraceReader trace, LiddsScenario scenario, Stream? capture,
        ExportProgress? progress = null)
    {
        using var zip = new LiddsZip(output, name);
        LiddsLines lines = LiddsExport.Write(trace, zip.Calls, progress);
        zip.Complete(scenario.MetadataFor(lines), [], capture);
        return lines;
    }
}
