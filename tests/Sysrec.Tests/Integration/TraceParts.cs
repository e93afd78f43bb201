namespace Sysrec.Tests.Integration;

/// <summary>The numbered files of a --max-size recording: FILE, FILE.1, FILE.2, ...</summary>
internal static class TraceParts
{
    /// <summary>
    /// A part holds at most the limit, and is closed only when the next line would take it past: every
    /// part but the last is within one line of the limit.
    /// </summary>
    public static void AssertFilledToTheLimit(string[] parts, int index, long limit)
    {
        long length = new FileInfo(parts[index]).Length;
        Assert.True(length > 0 && length <= limit, $"{parts[index]} holds {length} bytes, the limit is {limit}");
        if (index + 1 < parts.Length)
        {
            byte[] following = File.ReadAllBytes(parts[index + 1]);
            int next = Array.IndexOf(following, (byte)'\n') + 1;
            // A jsonl part starts with its clock event, which the part before never had room to hold:
            // the line that did not fit comes after it.
            if (System.Text.Encoding.UTF8.GetString(following, 0, next).Contains("\"event\":\"clock\"", StringComparison.Ordinal))
                next = Array.IndexOf(following, (byte)'\n', next) + 1 - next;
            Assert.True(length + next > limit, $"{parts[index]} was closed at {length} bytes, though the next line ({next} bytes) fitted under {limit}");
        }
    }

    /// <summary>FILE, FILE.1, FILE.2, ... as far as they go without a gap.</summary>
    public static string[] Of(string first)
    {
        var parts = new List<string> { first };
        while (File.Exists($"{first}.{parts.Count}"))
            parts.Add($"{first}.{parts.Count}");
        return [.. parts];
    }
}
