using System.CommandLine;
using System.CommandLine.Parsing;

namespace Sysrec.Cli;

/// <summary>
/// Says what is wrong with a command line in one sentence of sysrec's own, ending with where to read the
/// usage: the parser's own messages name .NET types, run over several lines, and for a mistyped command
/// list every word as unrecognized.
/// </summary>
internal static class UsageErrors
{
    /// <summary>What is wrong with the command line, help hint included; null if nothing is.</summary>
    /// <remarks>An unknown option can parse without error, taken for a file or a program name.</remarks>
    public static string? Find(ParseResult parsed) =>
        parsed.Errors.Count > 0 || (parsed.CommandResult.Command is not RootCommand && UnknownOption(parsed) is not null)
            ? $"{FirstProblem(parsed)} {HelpHint(parsed)}"
            : null;

    /// <summary>Where the usage of the command the user was typing is.</summary>
    public static string HelpHint(ParseResult parsed) => $"Run '{CommandName(parsed.CommandResult)} --help' for usage.";

    private static string FirstProblem(ParseResult parsed)
    {
        Command command = parsed.CommandResult.Command;
        string name = CommandName(parsed.CommandResult);
        if (command is RootCommand)
        {
            if (parsed.UnmatchedTokens.Count == 0)
                return "no command given: name one, such as record, run, split or stats.";
            string typed = parsed.UnmatchedTokens[0];
            return typed.StartsWith('-')
                ? $"'{typed}' is not an option of sysrec.{DidYouMean(typed, OptionNames(command))}"
                : $"'{typed}' is not a sysrec command.{DidYouMean(typed, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        }
        if (UnknownOption(parsed) is string unknown)
            return $"'{unknown}' is not an option of {name}.{DidYouMean(unknown, OptionNames(command))}";
        foreach (ParseError error in parsed.Errors)
        {
            // An option only a requirement or a default put there was never typed.
            if (error.SymbolResult is OptionResult { Option: var option, IdentifierTokenCount: > 0 } result)
            {
                if (result.Tokens.Count == 0 && option.Arity.MinimumNumberOfValues > 0)
                    return $"{option.Name}: no {option.HelpName ?? "value"} given after it.";
                if (option.Arity.MaximumNumberOfValues == 1 && result.Tokens.Count > 1)
                    return $"{option.Name}: given {result.Tokens.Count} times; give it once.";
            }
        }
        // An option's own value that does not read says more than what is missing because of it
        // (--top taking the trace as its number).
        if (parsed.Errors.FirstOrDefault(error => error.SymbolResult is ArgumentResult { Parent: OptionResult { IdentifierTokenCount: > 0 } }
                or OptionResult { IdentifierTokenCount: > 0 }) is { } valueError)
            return Sentence(valueError.Message);
        foreach (Option option in command.Options)
        {
            if (option.Required && parsed.GetResult(option) is not { IdentifierTokenCount: > 0 })
                return $"{option.Name} {option.HelpName} is required: {Lowercase(option.Description)}.";
        }
        foreach (ArgumentResult argument in parsed.CommandResult.Children.OfType<ArgumentResult>())
        {
            if (argument.Tokens.Count < argument.Argument.Arity.MinimumNumberOfValues)
                return $"no {argument.Argument.Name.ToUpperInvariant()} given: {Lowercase(argument.Argument.Description?.Split([" (", ";"], StringSplitOptions.None)[0])}.";
        }
        if (parsed.UnmatchedTokens.Count > 0)
            return $"'{parsed.UnmatchedTokens[0]}': {name} takes no more arguments.";
        return Sentence(parsed.Errors[0].Message);
    }

    // What is left comes from sysrec's own parsers and validators, already in its words.
    private static string Sentence(string message)
    {
        message = message.ReplaceLineEndings(" ").Replace('\t', ' ');
        return message.EndsWith('.') ? message : message + ".";
    }

    /// <summary>
    /// An option the parser does not know, which it takes as a command argument (a trace file called
    /// <c>--bogus</c>). A command line's own options, after its first word or after <c>--</c>, are its own.
    /// </summary>
    private static string? UnknownOption(ParseResult parsed)
    {
        var leadingValues = new HashSet<string>(StringComparer.Ordinal);
        foreach (ArgumentResult argument in parsed.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (Token token in argument.Tokens.TakeWhile(token => LooksLikeOption(token.Value)))
                leadingValues.Add(token.Value);
        }
        leadingValues.UnionWith(parsed.UnmatchedTokens.Where(LooksLikeOption));
        foreach (Token token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
                return null;
            if (token.Type == TokenType.Argument && leadingValues.Contains(token.Value))
                return token.Value;
        }
        return null;
    }

    // A lone '-' is a name (stdin, say), not an option.
    private static bool LooksLikeOption(string value) => value.Length > 1 && value[0] == '-';

    private static IEnumerable<string> OptionNames(Command command) =>
        command.Options.Where(option => !option.Hidden).SelectMany(option => option.Aliases.Prepend(option.Name));

    // A subcommand's whole name, as typed: sysrec mark exploit.
    private static string CommandName(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandName(parent)} {command.Command.Name}" : "sysrec";

    private static string Lowercase(string? sentence) =>
        string.IsNullOrEmpty(sentence) ? "" : char.ToLowerInvariant(sentence[0]) + sentence[1..].TrimEnd('.');

    /// <summary>The candidate a typo most likely meant: within two edits, or the one it begins.</summary>
    private static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        // One or two letters are too few to guess from: -c is no typo of -o.
        if (typed.TrimStart('-').Length < 3)
            return "";
        string? best = candidates
            .Select(candidate => (candidate, distance: candidate.StartsWith(typed, StringComparison.Ordinal) && typed.TrimStart('-').Length > 0 ? 1 : EditDistance(typed, candidate)))
            .Where(pair => pair.distance <= 2)
            .OrderBy(pair => pair.distance)
            .Select(pair => pair.candidate)
            .FirstOrDefault();
        return best is null ? "" : $" Did you mean '{best}'?";
    }

    private static int EditDistance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
