namespace Sysrec.IO;

/// <summary>
/// Files that may be gone by the time they are read: those the kernel makes in /proc and /sys as processes
/// and devices come and go, and a traced program's own, which it may remove. Each read gives null, or
/// nothing to list, when the file is gone or may not be read.
/// </summary>
internal static class TransientFiles
{
    public static string? ReadText(string path) => Try(() => File.ReadAllText(path));

    public static byte[]? ReadBytes(string path) => Try(() => File.ReadAllBytes(path));

    public static string[]? ReadLines(string path) => Try(() => File.ReadAllLines(path));

    /// <summary>The target of a symbolic link, as /proc/PID/fd/N or /proc/PID/ns/net; null when it is not one, or gone.</summary>
    public static string? LinkTarget(string path) => Try(() => new FileInfo(path).LinkTarget);

    /// <summary>The directories in <paramref name="directory"/>, as full paths.</summary>
    public static string[] Subdirectories(string directory) => Try(() => Directory.GetDirectories(directory)) ?? [];

    /// <summary>The numbers that name directories in <paramref name="directory"/>: the pids of /proc, the thread ids of /proc/PID/task.</summary>
    public static IEnumerable<int> Numbered(string directory)
    {
        foreach (string entry in Subdirectories(directory))
        {
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), out int id))
                yield return id;
        }
    }

    private static T? Try<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
