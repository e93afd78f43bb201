using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>
/// `sysrec export --format lidds -o NAME.zip`: a recording as LID-DS 2021 ships one, checked as its data
/// loader reads it (the zip's four members, the metadata it classifies recordings and labels calls by).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class LiddsRecordingTests
{
    [Fact]
    public void ARecordingWithAnExploitIsAZipOfTheFourFilesTheLoaderReadsAndLabelsTheCallsAfterIt()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("getppid_loop.c", "sr_lidds_zip");
        double before = UnixSeconds();
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "-o", "t.jsonl", "--", workload, "2000"], dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        double after = UnixSeconds();
        // The exploit "runs" at the loop's middle call, by the recording's own clock event.
        string[] jsonl = File.ReadAllLines(dir.File("t.jsonl"));
        (ulong clockTs, ulong realtime) = Assert.Single(JsonlTrace.Clocks(string.Join('\n', jsonl) + "\n"));
        ulong middle = JsonlTrace.Parse(string.Join('\n', jsonl) + "\n").Where(e => e.Name == "getppid").ElementAt(1000).TsNs;
        double exploit = (middle + realtime - clockTs) / 1e9;
        Directory.CreateDirectory(dir.File("scenario/test/normal_and_attack"));

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "scenario/test/normal_and_attack/attack_1.zip",
            "--container", "web:172.17.0.2:victim", "--container", "client:172.17.0.3:normal", "--image", "nginx:1.22",
            "--exploit-time", exploit.ToString("R", CultureInfo.InvariantCulture), "--exploit-name", "CVE-2017-7529"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("scenario/test/normal_and_attack/attack_1.zip"));
        Assert.Equal(["attack_1.json", "attack_1.pcap", "attack_1.res", "attack_1.sc"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using JsonDocument json = JsonDocument.Parse(Read(zip, "attack_1.json"));
        JsonElement meta = json.RootElement;
        Assert.Equal(["container", "exploit", "exploit_name", "image", "recording_time", "time"], meta.EnumerateObject().Select(p => p.Name));
        Assert.Equal([("web", "172.17.0.2", "victim"), ("client", "172.17.0.3", "normal")],
            meta.GetProperty("container").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("ip").GetString(), c.GetProperty("role").GetString())));
        // The loader's type: a normal container and an exploit make a normal-and-attack recording.
        Assert.True(meta.GetProperty("exploit").GetBoolean());
        Assert.Equal("CVE-2017-7529", meta.GetProperty("exploit_name").GetString());
        Assert.Equal("nginx:1.22", meta.GetProperty("image").GetString());
        JsonElement time = meta.GetProperty("time");
        Assert.Equal(["container_ready", "warmup_end", "exploit"], time.EnumerateObject().Select(p => p.Name));
        double ready = time.GetProperty("container_ready").GetProperty("absolute").GetDouble();
        Assert.InRange(ready, before, after);
        JsonElement shot = Assert.Single(time.GetProperty("exploit").EnumerateArray());
        Assert.Equal(exploit, shot.GetProperty("absolute").GetDouble(), 6);
        Assert.Equal(exploit - ready, shot.GetProperty("relative").GetDouble(), 6);
        Assert.Equal("CVE-2017-7529", shot.GetProperty("name").GetString());
        // Every call's Unix time is in the run; those after the exploit are what LID-DS labels as attack.
        ulong[] times = [.. Read(zip, "attack_1.sc").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => ulong.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture))];
        Assert.All(times, t => Assert.InRange(t / 1e9, before, after));
        Assert.Contains(times, t => t / 1e9 > exploit);
        Assert.Equal("timestamp,cpu_usage,memory_usage,network_received,network_send,storage_read,storage_written\n", Read(zip, "attack_1.res"));
        // The capture is one tcpdump reads: no packets were asked for.
        File.WriteAllBytes(dir.File("attack_1.pcap"), ReadBytes(zip, "attack_1.pcap"));
        CommandResult tcpdump = Run.Command("tcpdump", ["-r", dir.File("attack_1.pcap")]);
        Assert.True(tcpdump.ExitCode == 0, tcpdump.Stderr);
        Assert.Equal("", tcpdump.Stdout);
        Assert.Contains("link-type EN10MB", tcpdump.Stderr);
    }

    [Fact]
    public void ACaptureGivenWithPcapIsShippedAsItIs()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.jsonl"),
            $"{{\"ts_ns\":5,\"event\":\"clock\",\"realtime_ns\":1796131928000000005}}\n{{\"ts_ns\":9,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}}\n");
        byte[] capture = [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 1, 0, 0, 0, 0x42];
        File.WriteAllBytes(dir.File("traffic.pcap"), capture);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "r.zip", "--pcap", "traffic.pcap"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("r.zip"));
        Assert.Equal(capture, ReadBytes(zip, "r.pcap"));
        // A line that does not tell the uid has sysdig's unknown one.
        Assert.Equal("1796131928000000009 4294967295 1 a 1 read > fd=0 size=0\n", Read(zip, "r.sc"));
        using JsonDocument json = JsonDocument.Parse(Read(zip, "r.json"));
        // Without --container, this host is the victim: no normal container, no exploit, an idle recording to LID-DS.
        Assert.Equal("victim", Assert.Single(json.RootElement.GetProperty("container").EnumerateArray()).GetProperty("role").GetString());
        Assert.False(json.RootElement.GetProperty("exploit").GetBoolean());
    }

    [Theory]
    [InlineData("--container", "web:victim", "--container 'web:victim': a container is NAME:IP:ROLE, its role victim, normal or attacker (web:172.17.0.2:victim)")]
    [InlineData("--container", "web:1.2.3.4:boss", "--container 'web:1.2.3.4:boss': a container is NAME:IP:ROLE")]
    [InlineData("--exploit-time", "soon", "--exploit-time 'soon': not a time; give Unix seconds (1796131928.5) or ISO 8601 (2026-12-01T13:05:00Z)")]
    [InlineData("--exploit-name", "CVE-1", "--exploit-name: a name says which exploit ran when; give --exploit-time TIME too")]
    [InlineData("--pcap", "missing.pcap", "--pcap: cannot read missing.pcap: No such file or directory. Give a capture tcpdump -w wrote")]
    public void BadScenarioOptionsAreRefusedAndNothingIsWritten(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.jsonl"), $"{{\"ts_ns\":9,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}}\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "r.zip", option, value], dir.Path);

        string error = ErrorOutput.AssertOneLine(result, exitCode: option == "--pcap" ? 1 : 2);
        Assert.Contains(message, error);
        Assert.Equal(["t.jsonl"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ScenarioOptionsNeedAZip()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.jsonl"), $"{{\"ts_ns\":9,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}}\n");

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "t.sc", "--exploit-time", "5"], dir.Path);

        string error = ErrorOutput.AssertOneLine(result, exitCode: 2);
        Assert.StartsWith("sysrec: --exploit-time: only a LID-DS recording has it; export with --format lidds -o NAME.zip", error);
    }

    private static double UnixSeconds() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    private static string Read(ZipArchive zip, string name) => System.Text.Encoding.UTF8.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using Stream entry = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        return copy.ToArray();
    }
}
