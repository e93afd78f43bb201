using System.CommandLine;

namespace Sysrec.Cli;

/// <summary>
/// `sysrec help TOPIC`: the README's own sections, embedded at build time, so the help a user reads in
/// the terminal is the documentation itself and cannot drift from it. `sysrec help COMMAND` is
/// `sysrec COMMAND --help`, and `sysrec help` alone lists the commands and the topics.
/// </summary>
internal static class HelpCommand
{
    private static readonly Dictionary<string, string> s_topics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["formats"] = "## Output formats",
        ["tracing"] = "## What is traced",
        ["exit-codes"] = "## Exit codes",
        ["files"] = "## Files and safety",
        ["requirements"] = "## Requirements",
        ["kernels"] = "## Kernels",
        ["fleet"] = "## Recording many hosts",
    };

    public static Command Create()
    {
        var topic = new Argument<string?>("topic")
        {
            Description = $"A command, or one of: {string.Join(", ", s_topics.Keys)}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("help", "Explain a command, or a topic: the output formats, what is traced, exit codes, file safety, requirements, kernels, recording many hosts") { topic };
        command.SetAction(parsed =>
        {
            string? wanted = parsed.GetValue(topic);
            Command root = parsed.RootCommandResult.Command;
            if (wanted is null)
            {
                root.Parse(["--help"]).Invoke();
                Console.WriteLine($"Help topics: {string.Join(", ", s_topics.Keys)}. Run 'sysrec help TOPIC', or 'sysrec help COMMAND' for a command's options.");
                return ExitCodes.Success;
            }
            if (root.Subcommands.Any(subcommand => subcommand.Name == wanted))
                return root.Parse([wanted, "--help"]).Invoke();
            if (!s_topics.TryGetValue(wanted, out string? heading))
                throw SysrecException.BadArguments($"no command or help topic '{wanted}'. Topics: {string.Join(", ", s_topics.Keys)}; commands: {string.Join(", ", root.Subcommands.Select(subcommand => subcommand.Name))}");
            Console.Write(Section(heading));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Section(string heading)
    {
        using Stream readme = typeof(HelpCommand).Assembly.GetManifestResourceStream("README.md")!;
        string text = new StreamReader(readme).ReadToEnd();
        int start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidOperationException($"the embedded README has no section {heading}");
        int end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end + 1)];
    }
}
