namespace Sysrec.Tests.Integration;

/// <summary>A text trace the recorder is still writing, read as it grows: whole lines only, each read once.</summary>
internal sealed class GrowingTrace(string path)
{
    private long _offset;
    private long _matching;

    /// <summary>How many whole lines so far start with <paramref name="prefix"/> (the same prefix on every call).</summary>
    public long Count(string prefix)
    {
        if (!File.Exists(path))
            return 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(_offset, SeekOrigin.Begin);
        byte[] grown = new byte[file.Length - _offset];
        file.ReadExactly(grown);
        int end = Array.LastIndexOf(grown, (byte)'\n') + 1;
        foreach (string line in System.Text.Encoding.Latin1.GetString(grown, 0, end).Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                _matching++;
        }
        _offset += end;
        return _matching;
    }
}
