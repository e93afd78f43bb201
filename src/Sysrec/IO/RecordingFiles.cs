namespace Sysrec.IO;

/// <summary>
/// The files of one recording as the user named them, and how the lines in them that do not read are
/// treated. A recording made with --max-size is several parts, <c>trace.log</c>, <c>trace.log.1</c>,
/// <c>trace.log.2</c>, ...: naming the first takes them all, in order, and naming them all (a shell glob,
/// which sorts <c>.10</c> before <c>.2</c>) takes each once, in the same order.
/// </summary>
internal sealed class RecordingFiles
{
    // A recording read several times (report's passes) warns about a line once; past this many lines the
    // warnings stop, and the count at the end says how many more there were.
    private const int MaxWarnings = 10;

    private readonly TextWriter _warnings;
    private readonly HashSet<(string Path, long Line)> _warned = [];
    private bool _notedEmpty;

    private RecordingFiles(IReadOnlyList<string> parts, bool lenient, TextWriter warnings)
    {
        Parts = parts;
        Lenient = lenient;
        _warnings = warnings;
    }

    public IReadOnlyList<string> Parts { get; }

    /// <summary>Every line that does not read is left out with a warning, instead of stopping the command.</summary>
    public bool Lenient { get; }

    /// <summary>The recording's name for messages: its first part, with how many follow.</summary>
    public string Name => Parts.Count == 1 ? Parts[0] : $"{Parts[0]} (and {Parts.Count - 1} more {(Parts.Count == 2 ? "part" : "parts")})";

    public static RecordingFiles Of(string path) => From([path], lenient: false, Console.Error);

    /// <summary>A recording named by one path, read strictly (its parts included), warnings on stderr.</summary>
    public static implicit operator RecordingFiles(string path) => Of(path);

    public static RecordingFiles From(IReadOnlyList<string> given, bool lenient, TextWriter warnings)
    {
        var chosen = new HashSet<string>(given, StringComparer.Ordinal);
        var parts = new List<string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in given)
        {
            // A later part named beside its first is already taken with it.
            if (PartOf(path) is string first && chosen.Contains(first))
                continue;
            foreach (string part in WithLaterParts(path))
            {
                if (taken.Add(part))
                    parts.Add(part);
            }
        }
        return new RecordingFiles(parts, lenient, warnings);
    }

    /// <summary>Whether <paramref name="path"/> is one of the recording's files, which an output must never replace.</summary>
    public bool Contains(string path)
    {
        string full = Path.GetFullPath(path);
        return Parts.Any(part => Path.GetFullPath(part) == full);
    }

    /// <summary>Says, once, that a line was left out; the warnings stop after <see cref="MaxWarnings"/>.</summary>
    public void LeftOut(string path, long line, string what)
    {
        if (_warned.Count > MaxWarnings || !_warned.Add((path, line)))
            return;
        if (_warned.Count <= MaxWarnings)
            _warnings.WriteLine($"sysrec: warning: {path}:{line}: {what}; left out");
        else if (_warned.Count == MaxWarnings + 1)
            _warnings.WriteLine($"sysrec: warning: more lines of {Name} do not read; they are left out too");
    }

    /// <summary>Says, once, that the recording holds no syscall: valid, but every output made of it is empty.</summary>
    public void NoteEmpty()
    {
        if (_notedEmpty)
            return;
        _notedEmpty = true;
        _warnings.WriteLine($"sysrec: note: {Name} holds no syscalls");
    }

    // "trace.log.2" is the third part of "trace.log".
    private static string? PartOf(string path)
    {
        int dot = path.LastIndexOf('.');
        return dot > 0 && dot < path.Length - 1 && path.AsSpan(dot + 1).IndexOfAnyExceptInRange('0', '9') < 0 && path[dot + 1] != '0'
            ? path[..dot]
            : null;
    }

    private static IEnumerable<string> WithLaterParts(string path)
    {
        yield return path;
        // A pipe or device has no parts; only a regular file can be the first of several.
        if (!File.Exists(path))
            yield break;
        for (int part = 1; File.Exists($"{path}.{part}"); part++)
            yield return $"{path}.{part}";
    }
}
