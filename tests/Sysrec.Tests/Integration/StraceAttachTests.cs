using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// `record --format strace -p PID` on a process that was running before: what strace -yy attached to it
/// shows, the call it was blocked in included, and its fds named even when it is gone before the
/// recorder reads its first call.
/// </summary>
public sealed partial class StraceAttachTests
{
    [Fact]
    public void TheCallAProcessWasInsideOfIsShownWholeAndItsFdsAreNamed()
    {
        string workload = Workloads.Build("decode_seed.c", "sr_decode_seed");
        using var directory = new TempDirectory();
        using var process = InteractiveWorkload.StartWaiting(workload, directory.Path);
        string stdin = File.ResolveLinkTarget($"/proc/{process.Pid}/fd/0", returnFinalTarget: false)!.FullName;
        string output = directory.File("attached.strace");
        CommandResult result;
        using (var recorder = RecorderProcess.Record(directory.Path, ["-q", "--format", "strace", "-o", output, "-p", $"{process.Pid}"]))
        {
            // It is blocked in read(0) from before the recorder started, waiting for this line.
            process.SendLine();
            process.WaitForSuccess();
            result = recorder.Stop();
        }
        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] calls = [.. File.ReadAllLines(output).Select(line => Leader().Replace(line, ""))];

        Assert.Matches($@"^read\(0<{Regex.Escape(Path.GetFileName(stdin))}>, ""\\n"", \d+\) = 1 <\d+\.\d{{6}}>$", calls[0]);
        string[] closes = [.. calls.Where(call => call.StartsWith("close(", StringComparison.Ordinal))];
        Assert.True(closes.Length >= 10, string.Join('\n', calls));
        Assert.All(closes, close => Assert.Matches(@"^close\(\d+<.+>(\(deleted\))?\) = 0 <", close));
        Assert.Contains(closes, close => close.Contains("<TCP:[127.0.0.1:", StringComparison.Ordinal));
    }

    // "PID HH:MM:SS.uuuuuu ": what each line starts with.
    [GeneratedRegex(@"^\d+ +\d\d:\d\d:\d\d\.\d{6} ")]
    private static partial Regex Leader();
}
