using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>
/// What LID-DS's own tools take for granted when they read a recording, checked on sysrec's: its loader
/// splits a line at every single space into the seven fields and then one <c>name=value</c> per parameter,
/// and its detectors take the first of <c>time.exploit</c> as the moment the attack began.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class LiddsLoaderPropertiesTests
{
    [Fact]
    public void AFileNameWithSpacesStaysOneParameterOfEachLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a name with spaces.txt"), "decoy\n");
        Directory.CreateDirectory(dir.File("out"));

        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-q", "-f", "--lidds", "out/s", "--", "/bin/cat", "a name with spaces.txt"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("out/s.zip"));
        using var reader = new StreamReader(zip.GetEntry("s.sc")!.Open());
        string[] lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // As the loader splits a line: every field after the direction is one parameter.
        Assert.All(lines, line => Assert.All(line.Split(' ').Skip(7), parameter => Assert.Contains('=', parameter)));
        string open = Assert.Single(lines, line => line.Contains(" openat < ", StringComparison.Ordinal) && line.Contains("spaces", StringComparison.Ordinal));
        Dictionary<string, string> parameters = open.Split(' ').Skip(7).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        string path = dir.File("a name with spaces.txt");
        Assert.Equal(@"a\x20name\x20with\x20spaces.txt(" + path.Replace(" ", @"\x20", StringComparison.Ordinal) + ")", parameters["name"]);
        Assert.Equal(path, Unescape(parameters["name"][(parameters["name"].IndexOf('(') + 1)..^1]));
    }

    [Fact]
    public void TheFirstExploitOfTheMetadataIsTheEarliest()
    {
        using var dir = new TempDirectory();
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "-o", "t.jsonl", "--", "/bin/true"], dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        double now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        string later = (now + 60).ToString("R", CultureInfo.InvariantCulture), earlier = (now - 60).ToString("R", CultureInfo.InvariantCulture);

        CommandResult result = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "attack_1.zip",
            "--container", "client:127.0.0.1:normal", "--exploit-time", later, "--exploit-time", earlier], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("attack_1.zip"));
        using JsonDocument json = JsonDocument.Parse(zip.GetEntry("attack_1.json")!.Open());
        double[] exploits = [.. json.RootElement.GetProperty("time").GetProperty("exploit").EnumerateArray().Select(e => e.GetProperty("absolute").GetDouble())];
        Assert.Equal([now - 60, now + 60], exploits, (a, b) => Math.Abs(a - b) < 1e-3);
    }

    private static string Unescape(string escaped)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(escaped.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
