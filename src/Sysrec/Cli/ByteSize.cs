using System.Globalization;

namespace Sysrec.Cli;

internal static class ByteSize
{
    /// <summary>Reads sizes such as 4096, 256K, 64M or 1G (binary multiples).</summary>
    public static long Parse(string option, string text)
    {
        string digits = text.TrimEnd('K', 'k', 'M', 'm', 'G', 'g');
        int shift = (text.Length - digits.Length, text.Length > 0 ? char.ToUpperInvariant(text[^1]) : ' ') switch
        {
            (0, _) => 0,
            (1, 'K') => 10,
            (1, 'M') => 20,
            (1, 'G') => 30,
            _ => -1,
        };
        if (shift < 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            || value == 0 || value > long.MaxValue >> shift)
            throw SysrecException.BadArguments($"{option}: '{text}' is not a size. Write it like 65536, 256K or 64M");
        return value << shift;
    }

    /// <summary>A size that must be a power of two from a page to 1G, as a ring buffer's is.</summary>
    public static int ParsePowerOfTwo(string option, string text)
    {
        long bytes = Parse(option, text);
        if (bytes < Environment.SystemPageSize || bytes > 1L << 30 || (bytes & (bytes - 1)) != 0)
            throw SysrecException.BadArguments($"{option}: {text} must be a power of two between {Environment.SystemPageSize} bytes and 1G");
        return (int)bytes;
    }
}
