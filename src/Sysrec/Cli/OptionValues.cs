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
    /// <summary>
    /// An option bound to one of <typeparamref name="TEnum"/>'s values, each typed as its name in lower
    /// case and shown so in the help (<c>&lt;text|jsonl&gt;</c>), with sysrec's error for any other word.
    /// Left out, it is the enum's first value, <c>default(TEnum)</c>; the help says which in the word a
    /// user types, where the parser's own default would show the C# name (<c>Text</c>).
    /// </summary>
    public static Option<TEnum> Choice<TEnum>(string name, string description) where TEnum : struct, Enum
    {
        TEnum[] values = Enum.GetValues<TEnum>();
        string[] words = [.. values.Select(value => value.ToString().ToLowerInvariant())];
        return new Option<TEnum>(name)
        {
            Description = $"{description} [default: {words[Array.IndexOf(values, default(TEnum))]}]",
            HelpName = string.Join('|', words),
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                    return default;
                string text = result.Tokens[^1].Value;
                int index = Array.IndexOf(words, text);
                if (index >= 0)
                    return values[index];
                result.AddError($"{name}: '{text}' is not one of {string.Join(", ", words)}");
                return default;
            },
        };
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
