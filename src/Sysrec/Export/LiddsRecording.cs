using System.Buffers.Binary;
using System.IO.Compression;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A recording as LID-DS 2021 ships one: <c>NAME.zip</c> holding exactly the four members its data loader
/// checks for, <c>NAME.sc</c> (the calls, <see cref="LiddsExport"/>), <c>NAME.json</c>
/// (<see cref="LiddsMetadata"/>), <c>NAME.res</c> (resource use: its header, with a row per second
/// sampled while recording when there are any) and <c>NAME.pcap</c> (the capture given, or a valid one
/// with no packets).
/// </summary>
internal static class LiddsRecording
{
    public const string ResourceHeader = "timestamp,cpu_usage,memory_usage,network_received,network_send,storage_read,storage_written";

    // pcap's file header: magic, version 2.4, GMT, no accuracy, snap length, LINKTYPE_ETHERNET.
    private const uint PcapMagic = 0xA1B2C3D4;
    private const int PcapHeaderLength = 24;

    /// <param name="name">The recording's name: the zip's without <c>.zip</c>, and its members'.</param>
    /// <param name="capture">A pcap file to ship as the recording's traffic; null for a capture of no packets.</param>
    public static LiddsLines Write(Stream output, string name, TraceReader trace, LiddsScenario scenario, Stream? capture,
        ExportProgress? progress = null)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        LiddsLines lines;
        using (Stream calls = zip.CreateEntry(name + ".sc").Open())
            lines = LiddsExport.Write(trace, calls, progress);
        using (Stream json = zip.CreateEntry(name + ".json").Open())
            scenario.MetadataFor(lines).Write(json);
        using (var resources = new StreamWriter(zip.CreateEntry(name + ".res").Open()))
            resources.Write($"{ResourceHeader}\n");
        using (Stream pcap = zip.CreateEntry(name + ".pcap").Open())
        {
            if (capture is null)
                pcap.Write(EmptyCapture());
            else
                capture.CopyTo(pcap);
        }
        return lines;
    }

    private static byte[] EmptyCapture()
    {
        var header = new byte[PcapHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, PcapMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        return header;
    }
}
