using System.Buffers.Binary;
using System.IO.Compression;

namespace Sysrec.Export;

/// <summary>
/// A LID-DS 2021 recording being written: <c>NAME.zip</c> holding exactly the four members its data loader
/// checks for, <c>NAME.sc</c> (the calls, written first, as they come: <see cref="Calls"/>), then at
/// <see cref="Complete"/> <c>NAME.json</c> (<see cref="LiddsMetadata"/>), <c>NAME.res</c> (resource use:
/// its header and a row per sample) and <c>NAME.pcap</c> (the capture given, or a valid one with no packets).
/// </summary>
internal sealed class LiddsZip : IDisposable
{
    public const string ResourceHeader = "timestamp,cpu_usage,memory_usage,network_received,network_send,storage_read,storage_written";

    // pcap's file header: magic, version 2.4, GMT, no accuracy, snap length, LINKTYPE_ETHERNET.
    private const uint PcapMagic = 0xA1B2C3D4;
    private const int PcapHeaderLength = 24;

    private readonly ZipArchive _zip;
    private readonly string _name;

    /// <param name="name">The recording's name: the zip's without <c>.zip</c>, and its members'.</param>
    public LiddsZip(Stream output, string name)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        _name = name;
        Calls = _zip.CreateEntry(name + ".sc").Open();
    }

    /// <summary>Where the <c>.sc</c> lines go, until <see cref="Complete"/>.</summary>
    public Stream Calls { get; }

    /// <param name="resources">The <c>.res</c> rows after its header, each without its newline.</param>
    /// <param name="capture">A pcap file to ship as the recording's traffic; null for a capture of no packets.</param>
    public void Complete(LiddsMetadata metadata, IEnumerable<string> resources, Stream? capture)
    {
        Calls.Dispose();
        using (Stream json = _zip.CreateEntry(_name + ".json").Open())
            metadata.Write(json);
        using (var rows = new StreamWriter(_zip.CreateEntry(_name + ".res").Open()))
        {
            rows.Write($"{ResourceHeader}\n");
            foreach (string row in resources)
                rows.Write($"{row}\n");
        }
        using Stream pcap = _zip.CreateEntry(_name + ".pcap").Open();
        if (capture is null)
            pcap.Write(EmptyCapture());
        else
            capture.CopyTo(pcap);
    }

    public void Dispose() => _zip.Dispose();

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
