using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Cli;

/// <summary>The README's option lists against what the built binary's --help says it takes.</summary>
public sealed partial class ReadmeOptionTests
{
    private static readonly string[] s_readme = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));

    [Fact]
    public void TheRecordTableListsEveryOptionRecordTakesAndNoOther()
    {
        List<string[]> documented = [.. Section("### `sysrec record")
            .Where(line => line.StartsWith("| `-", StringComparison.Ordinal))
            .Select(line => OptionName().Matches(line.Split('|')[1]).Select(match => match.Value).ToArray())];
        List<string[]> taken = HelpOptions("record");

        foreach (string[] option in taken)
            Assert.True(documented.Any(row => row.Intersect(option).Any()), $"the README's record table lacks {string.Join(", ", option)}");
        foreach (string name in documented.SelectMany(row => row))
            Assert.True(taken.Any(option => option.Contains(Single(name))), $"record does not take the README's {name}");
    }

    [Fact]
    public void RunTakesRecordsOptionsButThoseTheReadmeLeavesOut()
    {
        string sentence = string.Join(' ', Section("### `sysrec run")).Split("Takes record's options except")[1].Split(';')[0];
        HashSet<string> leftOut = [.. OptionName().Matches(sentence).Select(match => match.Value)];
        Assert.Contains("-p", leftOut);

        var expected = HelpOptions("record").Where(option => !option.Intersect(leftOut).Any()).Select(option => string.Join(", ", option));
        Assert.Equal(expected.Order(), HelpOptions("run").Select(option => string.Join(", ", option)).Order());
    }

    /// <summary>A doubled letter (-ff, -tt, -ttt) is the option given again, as in strace.</summary>
    private static string Single(string name) => Regex.IsMatch(name, @"^-([a-zA-Z])\1+$") ? name[..2] : name;

    /// <summary>The lines of a README section, from its heading to the next of the same level.</summary>
    private static IEnumerable<string> Section(string heading) =>
        s_readme.SkipWhile(line => !line.StartsWith(heading, StringComparison.Ordinal)).Skip(1).TakeWhile(line => !line.StartsWith("### ", StringComparison.Ordinal) && !line.StartsWith("## ", StringComparison.Ordinal));

    /// <summary>Each option a command's --help lists, by all its names; --help itself left out.</summary>
    private static List<string[]> HelpOptions(string command)
    {
        CommandResult help = Run.Command(Repository.Sysrec, [command, "--help"]);
        Assert.Equal(0, help.ExitCode);
        return [.. help.Stdout.Split('\n')
            .SkipWhile(line => line != "Options:").Skip(1)
            .Select(line => HelpRow().Match(line))
            .Where(match => match.Success)
            .Select(match => OptionName().Matches(match.Groups[1].Value).Select(name => name.Value).ToArray())
            .Where(names => !names.Contains("--help"))];
    }

    [GeneratedRegex(@"(?<![\w-])--?[a-zA-Z][\w-]*")]
    private static partial Regex OptionName();

    // "  -o, --output <FILE>   Write ...": the names before the argument and the gap.
    [GeneratedRegex(@"^  (-[^<]*?)(?: <[^>]*>)?(?:  |$)")]
    private static partial Regex HelpRow();
}
