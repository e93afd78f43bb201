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
        Assert.StartsWith(heading + "\n", result.Stdout);
        Assert.DoesNotContain("\n## ", result.Stdout.TrimEnd());
    }

    [Fact]
    public void AnUnknownTopicIsAUsageError()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["help", "nope"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: no command or help topic 'nope'", result.Stderr);
    }

    [Theory]
    [InlineData("record")]
    [InlineData("run")]
    [InlineData("top")]
    [InlineData("split")]
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
    [InlineData("record")]
    [InlineData("run")]
    [InlineData("split")]
    [InlineData("top")]
    [InlineData("stats")]
    [InlineData("seccomp")]
    [InlineData("export")]
    [InlineData("collect")]
    public void EveryCommandAnswersHelp(string command)
    {
        CommandResult result = Run.Command(Repository.Sysrec, [command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"sysrec {command}", result.Stdout);
    }

    [Fact]
    public void VersionIsPrinted()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }
}
