using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Cli;

/// <summary>The built binary's help: every topic prints its README section, and the commands answer --help.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("formats", "## Output formats")]
    [InlineData("tracing", "## What is traced")]
    [InlineData("exit-codes", "## Exit codes")]
    [InlineData("files", "## Files and safety")]
    [InlineData("requirements", "## Requirements")]
    [InlineData("kernels", "## Kernels")]
    [InlineData("fleet", "## Recording many hosts")]
    public void EveryTopicPrintsItsReadmeSection(string topic, string heading)
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["help", topic]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ReadmeSection(heading), result.Stdout);
    }

    [Fact]
    public void AnUnknownTopicIsAUsageError()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["help", "nope"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: no command or help topic 'nope'", result.Stderr);
    }

    /// <summary>Every command but help itself; <see cref="TheCommandsAreTheOnesTheHelpLists"/> keeps the list whole.</summary>
    public static TheoryData<string> Commands() => ["record", "run", "split", "top", "report", "stats", "seccomp", "export", "collect", "doctor", "mark"];

    [Fact]
    public void TheCommandsAreTheOnesTheHelpLists()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        IEnumerable<string> listed = result.Stdout.Split('\n').SkipWhile(line => line != "Commands:").Skip(1)
            .Where(line => line.Length > 2 && line[2] != ' ').Select(line => line.Trim().Split(' ')[0]);
        Assert.Equal(Commands().Select(row => row.Data).Append("help").Order(), listed.Order());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpOnACommandIsItsHelpOption(string command)
    {
        CommandResult help = Run.Command(Repository.Sysrec, ["help", command]);
        CommandResult option = Run.Command(Repository.Sysrec, [command, "--help"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(option.Stdout, help.Stdout);
    }

    [Fact]
    public void HelpAloneListsTheCommandsAndTheTopics()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(Run.Command(Repository.Sysrec, ["--help"]).Stdout, result.Stdout);
        Assert.Contains("Help topics: formats, tracing, exit-codes, files, requirements, kernels, fleet.", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandAnswersHelpWithItsUsageAndOptions(string command)
    {
        CommandResult result = Run.Command(Repository.Sysrec, [command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Matches($@"^Description:\n  \S.*\n(.*\n)*\nUsage:\n  sysrec {command}\b.*\n(.*\n)*\nOptions:\n(.*\n)*  -\?, -h, --help ", result.Stdout);
    }

    /// <summary>A section of README.md as a reader finds it: from its heading to the next heading of its level.</summary>
    private static string ReadmeSection(string heading)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));
        IEnumerable<string> section = lines.SkipWhile(line => line != heading).TakeWhile((line, i) => i == 0 || !line.StartsWith("## ", StringComparison.Ordinal));
        return string.Concat(section.Select(line => line + "\n"));
    }

    [Fact]
    public void VersionIsPrinted()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }
}
