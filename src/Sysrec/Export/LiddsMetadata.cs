using System.Text.Json;

namespace Sysrec.Export;

/// <summary>
/// The <c>NAME.json</c> of a LID-DS 2021 recording: what its data loader reads to tell normal from attack
/// recordings (a container with role <c>normal</c>; <c>exploit</c>) and to label calls (each exploit's
/// <c>absolute</c> time against the calls' Unix times). Times are seconds since the epoch; an exploit's
/// <c>relative</c> is seconds since the recording began. The exploits are in time order, given by
/// options or marked: LID-DS's tools take the first as the moment the attack began.
/// </summary>
internal sealed record LiddsMetadata(
    IReadOnlyList<LiddsContainer> Containers,
    string Image,
    double StartUnixSeconds,
    double EndUnixSeconds,
    double? WarmupEndUnixSeconds,
    IReadOnlyList<LiddsExploit> Exploits,
    string? ExploitName)
{
    private const string Source = "sysrec";

    public void Write(Stream output)
    {
        LiddsExploit[] exploits = [.. Exploits.OrderBy(exploit => exploit.UnixSeconds)];
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("container");
        foreach (LiddsContainer container in Containers)
        {
            json.WriteStartObject();
            json.WriteString("ip", container.Ip);
            json.WriteString("name", container.Name);
            json.WriteString("role", container.Role);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("exploit", exploits.Length > 0);
        json.WriteString("exploit_name", ExploitName ?? (exploits.Length > 0 ? exploits[0].Name : "no exploit"));
        json.WriteString("image", Image);
        json.WriteNumber("recording_time", (long)Math.Round(EndUnixSeconds - StartUnixSeconds));
        json.WriteStartObject("time");
        WriteMoment(json, "container_ready", StartUnixSeconds);
        WriteMoment(json, "warmup_end", WarmupEndUnixSeconds ?? StartUnixSeconds);
        json.WriteStartArray("exploit");
        foreach (LiddsExploit exploit in exploits)
        {
            json.WriteStartObject();
            json.WriteNumber("absolute", exploit.UnixSeconds);
            json.WriteString("name", exploit.Name);
            json.WriteNumber("relative", exploit.UnixSeconds - StartUnixSeconds);
            json.WriteString("source", exploit.Source);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMoment(Utf8JsonWriter json, string name, double unixSeconds)
    {
        json.WriteStartObject(name);
        json.WriteNumber("absolute", unixSeconds);
        json.WriteString("source", Source);
        json.WriteEndObject();
    }
}
