using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>
/// What --decode adds to the kernel, and that without it nothing of it is there: no program on syscall
/// return or on signals (which every process on the machine would pay for), and the decoding maps at their
/// smallest, so that a recording without --decode costs what it did before decoding existed.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class DecodeCostTests
{
    private static readonly string[] s_decodePrograms = ["record_sys_exit", "record_signal_delivery", "record_ignored_signal"];
    private static readonly string[] s_decodeMaps = ["decode_specs", "decode_scratch", "retry_tids"];

    [Fact]
    public void WithoutDecodeNoProgramOfItIsAttachedAndItsMapsHoldOneEntry()
    {
        (string[] programs, Dictionary<string, long> maps) = LoadedBy(["-q", "sr_nothing_runs_this"]);

        Assert.Contains(programs, name => IsProgram(name, "record_sys_enter"));
        foreach (string program in s_decodePrograms)
            Assert.DoesNotContain(programs, name => IsProgram(name, program));
        foreach (string map in s_decodeMaps)
            Assert.Equal(1, maps[map]);
    }

    [Fact]
    public void WithDecodeTheReturnAndSignalProgramsAreAttachedAndItsMapsSized()
    {
        (string[] programs, Dictionary<string, long> maps) = LoadedBy(["-q", "--decode", "--format", "jsonl", "sr_nothing_runs_this"]);

        foreach (string program in s_decodePrograms)
            Assert.Contains(programs, name => IsProgram(name, program));
        Assert.Equal(2048, maps["decode_specs"]);
        Assert.Equal(PossibleCpus(), maps["decode_scratch"]);
        Assert.Equal(maps["traced_tids"], maps["retry_tids"]);
    }

    // The kernel keeps 15 bytes of a program's name.
    private static bool IsProgram(string loaded, string program) => program.StartsWith(loaded, StringComparison.Ordinal) && loaded.Length >= Math.Min(15, program.Length);

    /// <summary>The names of the programs a recorder has loaded and its maps' sizes, by name, while it records.</summary>
    private static (string[] Programs, Dictionary<string, long> Maps) LoadedBy(string[] arguments)
    {
        using var dir = new TempDirectory();
        using var recorder = RecorderProcess.Record(dir.Path, ["-o", dir.File("trace.log"), .. arguments]);
        BpfIds held = BpfObjects.HeldBy(recorder.Id);
        string[] programs = [.. held.Programs.Select(id => Show("prog", id).GetProperty("name").GetString()!)];
        var maps = MapIds(recorder.Id).Select(id => Show("map", id))
            .ToDictionary(map => map.GetProperty("name").GetString()!, map => map.GetProperty("max_entries").GetInt64());
        Assert.Equal(0, recorder.Stop().ExitCode);
        return (programs, maps);
    }

    // "0-1" or "0": the CPUs the kernel could bring up, each with a scratch buffer of its own.
    private static int PossibleCpus() => int.Parse(File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split('-')[^1]) + 1;

    private static JsonElement Show(string kind, int id)
    {
        CommandResult result = Run.Command("bpftool", ["-j", kind, "show", "id", id.ToString()]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private static IEnumerable<int> MapIds(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fdinfo")
            .SelectMany(File.ReadLines)
            .Where(line => line.StartsWith("map_id:", StringComparison.Ordinal))
            .Select(line => int.Parse(line["map_id:".Length..]))
            .Distinct();
}
