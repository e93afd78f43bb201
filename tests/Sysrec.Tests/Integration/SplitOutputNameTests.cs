using System.Text;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Comms that name paths, through the real `sysrec split`: nothing may land outside the output
/// directory, and no two processes may end up in one file. The trace is written by the test, since
/// it can hold comms no kernel would make (empty, or longer than any file name).
/// </summary>
public sealed class SplitOutputNameTests
{
    private static readonly string s_long = new('n', 300);

    // (comm as written in the trace, pid); every pair must get a file of its own.
    private static readonly (string Comm, uint Pid)[] s_processes =
    [
        ("..", 1), ("..", 2), (".", 1), ("/", 1), ("", 1), ("", 2), ("//", 1), ("../", 1),
        ("../x", 1), ("../../x", 1), ("../../../x", 1), ("../../../../../../../../tmp/x", 1),
        ("x/..", 1), ("%2F", 1), ("%2E%2E", 1), ("~", 1), (".log", 1), ("x:1", 2), ("x", 1),
        (s_long, 1), (s_long + "a", 1), (s_long + "b", 1), (string.Concat(Enumerable.Repeat(@"\x01", 100)), 1),
        (string.Concat(Enumerable.Repeat(@"\x01", 100)) + "a", 1), (string.Concat(Enumerable.Repeat("/", 255)), 1),
        (string.Concat(Enumerable.Repeat("../", 100)), 4294967295),
    ];

    [Fact]
    public void PathLikeEmptyAndOverlongCommsEachGetTheirOwnFileInsideTheDirectory()
    {
        using var dir = new TempDirectory();
        // Deep enough that even the climbs above stay inside the temporary directory, where the test can see them.
        string output = Path.Combine(dir.Path, "a", "b", "c", "out");
        var trace = new StringBuilder();
        for (int i = 0; i < s_processes.Length; i++)
            trace.Append($"{s_processes[i].Pid}:{1000 + i}:{s_processes[i].Comm}\n");
        File.WriteAllText(dir.File("trace.log"), trace.ToString());

        CommandResult result = Run.Command(Repository.Sysrec, ["split", dir.File("trace.log"), "-d", output], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        string[] everything = Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories);
        string[] outside = [.. everything.Where(path => Path.GetDirectoryName(path) != output && path != output
            && path != dir.File("trace.log") && !output.StartsWith(path + "/", StringComparison.Ordinal))];
        Assert.True(outside.Length == 0, $"split wrote outside {output}: {string.Join(", ", outside)}");
        Assert.All(Directory.GetFileSystemEntries(output), path =>
        {
            Assert.True(File.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint), $"{path} is not a plain file");
            Assert.True(Encoding.UTF8.GetByteCount(Path.GetFileName(path)) <= 255, $"{path} has a name longer than 255 bytes");
        });
        // One id per process, so a shared file would show as two ids in one file, and a lost one as a missing id.
        string[] contents = [.. Directory.GetFiles(output).Where(path => Path.GetFileName(path) != "manifest.csv").Select(File.ReadAllText).Order(StringComparer.Ordinal)];
        Assert.Equal(Enumerable.Range(0, s_processes.Length).Select(i => $"{1000 + i}\n").Order(StringComparer.Ordinal), contents);
    }

    [Fact]
    public void EachNameThatFitsDecodesBackToItsCommAndPid()
    {
        using var dir = new TempDirectory();
        var trace = new StringBuilder();
        var expected = new List<(string Hex, uint Pid, string Content)>();
        // Names short enough to be kept whole (longer ones end in a hash and cannot be read back).
        foreach ((string comm, uint pid) in s_processes.Where(p => p.Comm.Length < 100).DistinctBy(p => (p.Comm, p.Pid)))
        {
            trace.Append($"{pid}:{expected.Count}:{comm}\n");
            byte[] raw = Encoding.ASCII.GetBytes(comm.Replace(@"\x01", "\x01"));
            expected.Add((Convert.ToHexString(raw), pid, $"{expected.Count}\n"));
        }
        File.WriteAllText(dir.File("trace.log"), trace.ToString());

        CommandResult result = Run.Command(Repository.Sysrec, ["split", "trace.log", "-d", "out"], dir.Path);

        Assert.True(result.ExitCode == 0, $"split exited with {result.ExitCode}: {result.Stderr}");
        var found = SplitFileName.ReadAll(dir.File("out"), except: "manifest.csv").Select(f => (Convert.ToHexString(f.Comm), f.Pid, f.Content));
        Assert.Equal(expected.Order(), found.Order());
    }
}
