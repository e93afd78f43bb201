using Sysrec.Export;

namespace Sysrec.Recording;

/// <summary>record/run --lidds: where the LID-DS recording goes and what its metadata says besides the calls.</summary>
/// <param name="ZipPath">DIR/NAME.zip, made when the recording ends.</param>
/// <param name="CaptureInterface">--pcap IFACE: the interface tcpdump captures on meanwhile; null for a capture of no packets.</param>
internal sealed record LiddsLiveOptions(string ZipPath, LiddsScenario Scenario, string? CaptureInterface);
