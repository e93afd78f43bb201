using System.Globalization;

namespace Sysrec.Cli;

internal static class Durations
{
    /// <summary>Reads durations such as 30, 30s, 1.5m, 10m or 2h (a bare number is seconds).</summary>
    public static TimeSpan Parse(string option, string text)
    {
        (string number, double unitSeconds) = text.Length > 0 ? text[^1] switch
        {
            's' => (text[..^1], 1.0),
            'm' => (text[..^1], 60.0),
            'h' => (text[..^1], 3600.0),
            _ => (text, 1.0),
        } : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value <= 0
            || value * unitSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw SysrecException.BadArguments($"{option}: '{text}' is not a duration. Write it like 30s, 10m or 2h");
        return TimeSpan.FromSeconds(value * unitSeconds);
    }
}
