using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Sysrec.Export;
using Sysrec.IO;

namespace Sysrec.Cli;

/// <summary>
/// The options of a LID-DS recording (<c>export --format lidds -o NAME.zip</c>, or live, <c>record/run
/// --lidds DIR/NAME</c>): what its metadata says that the calls do not, and its capture.
/// </summary>
/// <param name="live">
/// For record and run: --pcap names the interface to capture on meanwhile, not a capture file; and the
/// scenario's containers are --lidds-container, since their --container selects the container to record.
/// </param>
internal sealed class LiddsFlags(bool live = false)
{
    private readonly Option<string[]> _containers = new(live ? "--lidds-container" : "--container")
    {
        Description = "NAME:IP:ROLE of a container of the scenario (role victim, normal or attacker; repeatable). "
            + "LID-DS counts a recording with a normal one as normal behaviour. Default: this host as the victim",
        HelpName = "NAME:IP:ROLE",
    };

    private readonly Option<string> _image = new("--image") { Description = "The victim's image, as the metadata names it", HelpName = "IMAGE" };

    private readonly Option<string[]> _exploitTimes = new("--exploit-time")
    {
        Description = "When an exploit ran: Unix seconds (1796131928.5) or ISO 8601 (2026-12-01T13:05:00Z); repeatable. LID-DS labels the calls after it as attack",
        HelpName = "TIME",
    };

    private readonly Option<string> _exploitName = new("--exploit-name") { Description = "The exploit's name (CVE-2017-7529...)", HelpName = "NAME" };

    private readonly Option<string> _warmupEnd = new("--warmup-end") { Description = "When the warm-up ended, as --exploit-time; default: the first call", HelpName = "TIME" };

    private readonly Option<string> _pcap = new("--pcap")
    {
        Description = live
            ? "With --lidds, capture every packet on IFACE with tcpdump while recording, into the zip's .pcap; default: a capture of no packets"
            : "A capture of the recording's traffic (tcpdump -w) to put in the zip; default: a capture of no packets",
        HelpName = live ? "IFACE" : "FILE",
    };

    private readonly Option<LiddsSet> _set = OptionValues.Choice<LiddsSet>("--lidds-set",
        "Put the recording in this part of the LID-DS scenario its path names (SCENARIO/NAME): SCENARIO/training/, validation/, "
            + "test/normal/ (normal) or test/normal_and_attack/ (attack), making the scenario's four folders");

    private readonly string _source = live ? "sysrec --exploit-time" : "sysrec export --exploit-time";

    /// <summary>The zip's path: <paramref name="path"/>, or with --lidds-set its place in the scenario's folder.</summary>
    public string Place(ParseResult parsed, string path, string remedy) =>
        parsed.GetResult(_set) is { Implicit: false } ? LiddsScenarioLayout.Place(path, parsed.GetValue(_set), remedy) : path;

    /// <summary>--pcap IFACE of a live recording; null when not given.</summary>
    public string? CaptureInterface(ParseResult parsed) => parsed.GetValue(_pcap);

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_containers, _image, _exploitTimes, _exploitName, _warmupEnd, _pcap, _set])
            command.Options.Add(option);
    }

    /// <summary>Whether any of these options was given, which only a LID-DS recording takes.</summary>
    public string? FirstGiven(ParseResult parsed) =>
        ((Option[])[_containers, _image, _exploitTimes, _exploitName, _warmupEnd, _pcap, _set]).FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false })?.Name;

    /// <summary>The capture --pcap names, opened; null when none was given.</summary>
    public FileStream? OpenCapture(ParseResult parsed)
    {
        if (parsed.GetValue(_pcap) is not string path)
            return null;
        try
        {
            return FileNames.OpenRead(path);
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"--pcap: cannot read {path}: {e.Message}. Give a capture tcpdump -w wrote");
        }
    }

    public LiddsScenario Scenario(ParseResult parsed)
    {
        string[] given = parsed.GetValue(_containers) ?? [];
        LiddsContainer[] containers = given.Length == 0 ? [new LiddsContainer(Environment.MachineName, "127.0.0.1", "victim")] : [.. given.Select(Container)];
        string? exploitName = parsed.GetValue(_exploitName);
        LiddsExploit[] exploits = [.. (parsed.GetValue(_exploitTimes) ?? []).Select(time => new LiddsExploit(Time("--exploit-time", time), exploitName ?? "exploit", _source))];
        if (exploitName is not null && exploits.Length == 0)
            throw SysrecException.BadArguments("--exploit-name: a name says which exploit ran when; give --exploit-time TIME too");
        double? warmupEnd = parsed.GetValue(_warmupEnd) is string warmup ? Time("--warmup-end", warmup) : null;
        return new LiddsScenario(containers, parsed.GetValue(_image) ?? "", warmupEnd, exploits, exploitName);
    }

    private LiddsContainer Container(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 3 || parts.Any(part => part.Length == 0) || parts[2] is not ("victim" or "normal" or "attacker"))
            throw SysrecException.BadArguments($"{_containers.Name} '{text}': a container is NAME:IP:ROLE, its role victim, normal or attacker (web:172.17.0.2:victim)");
        return new LiddsContainer(parts[0], parts[1], parts[2]);
    }

    private static double Time(string option, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && double.IsFinite(seconds))
            return seconds;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
            return (time - DateTimeOffset.UnixEpoch).TotalSeconds;
        throw SysrecException.BadArguments($"{option} '{text}': not a time; give Unix seconds (1796131928.5) or ISO 8601 (2026-12-01T13:05:00Z)");
    }
}
