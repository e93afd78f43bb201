using System.Text.RegularExpressions;

namespace Sysrec.Tests.Kernels;

/// <summary>What a guest of tests/qemu/boot wrote to its serial console: the lines of tests/qemu/checks, and the rest to show when they fail.</summary>
internal sealed partial class GuestConsole
{
    private const int TailLines = 50;
    private const string DoctorPrefix = "sysrec-doctor: ";
    private readonly string[] _lines;
    private readonly string _bootOutput;

    public GuestConsole(string text, string bootOutput)
    {
        // The serial port ends lines with CR LF, and the kernel's last messages pad theirs.
        _lines = [.. text.Split('\n').Select(line => line.TrimEnd())];
        _bootOutput = bootOutput.Trim();
        Checks = [.. _lines.Select(line => CheckLine().Match(line)).Where(match => match.Success)
            .Select(match => new GuestCheck(match.Groups["name"].Value, match.Groups["verdict"].Value == "pass", match.Groups["detail"].Value))];
        Doctor = [.. _lines.Where(line => line.StartsWith(DoctorPrefix, StringComparison.Ordinal)).Select(line => line[DoctorPrefix.Length..])];
        Finished = _lines.Contains("sysrec-checks: end");
    }

    public IReadOnlyList<GuestCheck> Checks { get; }

    /// <summary>What `sysrec doctor` printed in the guest, a line each.</summary>
    public IReadOnlyList<string> Doctor { get; }

    /// <summary>The checks ran to their end, and the guest went on to power off.</summary>
    public bool Finished { get; }

    /// <summary>This console, with <paramref name="earlier"/> said before what tests/qemu/boot said of it.</summary>
    public GuestConsole After(string earlier) => new(string.Join('\n', _lines), $"{earlier}; {_bootOutput}");

    /// <summary>The end of the console and what tests/qemu/boot said, for a failure's message.</summary>
    public string Tail() =>
        $"\n--- tests/qemu/boot: {_bootOutput}\n--- the last {TailLines} lines of the serial console:\n{string.Join('\n', _lines.TakeLast(TailLines))}";

    [GeneratedRegex(@"sysrec-check: (?<name>\S+) (?<verdict>pass|fail): (?<detail>.*)$")]
    private static partial Regex CheckLine();
}
