namespace Sysrec.Tests.Integration;

/// <summary>
/// Reads a split's <c>comm:pid.log</c> back by the README's rule alone, not the product's encoder:
/// printable ASCII stands for itself except '/', '%' and '~', which like every other byte come as %HH,
/// and so does a first '.', '-', '=', '+', '@' or quote. A name that breaks the rule fails the test, so
/// decoding also proves the name is well formed.
/// </summary>
internal static class SplitFileName
{
    public static (byte[] Comm, uint Pid) Decode(string name)
    {
        Assert.True(name.EndsWith(".log", StringComparison.Ordinal), $"{name} does not end in .log");
        int colon = name.LastIndexOf(':');
        uint pid = 0;
        Assert.True(colon >= 0 && uint.TryParse(name[(colon + 1)..^".log".Length], out pid), $"no ':pid.log' at the end of {name}");
        string encoded = name[..colon];
        var comm = new List<byte>(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (c == '%')
            {
                Assert.True(i + 2 < encoded.Length && Uri.IsHexDigit(encoded[i + 1]) && Uri.IsHexDigit(encoded[i + 2]), $"a broken %HH in {name}");
                comm.Add(Convert.FromHexString(encoded.AsSpan(i + 1, 2))[0]);
                i += 2;
            }
            else
            {
                Assert.True(c is >= ' ' and <= '~' and not '/' and not '~', $"'{c}' (U+{(int)c:X4}) stands unencoded in {name}");
                Assert.False(i == 0 && c is '.' or '-' or '=' or '+' or '@' or '\'', $"{name} starts with '{c}' unencoded");
                comm.Add((byte)c);
            }
        }
        return ([.. comm], pid);
    }

    /// <summary>Every split output in <paramref name="directory"/>, decoded, with its content; other files are left out by name.</summary>
    public static List<(byte[] Comm, uint Pid, string Content)> ReadAll(string directory, params string[] except) =>
        [.. Directory.GetFiles(directory)
            .Where(path => !except.Contains(Path.GetFileName(path)))
            .Select(path =>
            {
                (byte[] comm, uint pid) = Decode(Path.GetFileName(path));
                return (comm, pid, File.ReadAllText(path, System.Text.Encoding.Latin1));
            })];
}
