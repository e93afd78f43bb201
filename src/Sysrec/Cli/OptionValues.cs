using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Sysrec.Cli;

/// <summary>
/// Option values read with sysrec's own one-line errors (<c>--top: 'abc' is not a whole number ...</c>)
/// instead of the parser's, which name .NET types and span several lines.
/// </summary>
internal static class OptionValues
{
    /// <summary>Takes only one of <paramref name="words"/>, and shows them in the help as <c>&lt;a|b&gt;</c>.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] words)
    {
        option.HelpName = string.Join('|', words);
        option.Validators.Add(result =>
        {
            foreach (Token token in result.Tokens)
            {
                if (!words.Contains(token.Value, StringComparer.Ordinal))
                    result.AddError($"{option.Name}: '{token.Value}' is not one of {string.Join(", ", words)}");
            }
        });
        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, for a custom parser.</summary>
    public static int Integer(ArgumentResult result, string option, int min, int max)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        string range = max == int.MaxValue ? $"of at least {min}" : $"from {min} to {max}";
        result.AddError($"{option}: '{text}' is not a whole number {range}");
        return min;
    }
}
