using System.Text;

namespace Sysrec.Tracing;

/// <summary>Which processes to record: every one, or those that exec a program whose basename is listed.</summary>
internal sealed class TraceSelection
{
    public const string Everything = "*";

    private TraceSelection(bool all, IReadOnlyList<string> names)
    {
        All = all;
        Names = names;
    }

    public bool All { get; }

    /// <summary>Basenames in the order given; a record's prog index points into this list.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Takes the basename of every argument, the way the design's loader does with <c>/bin/bash</c>.</summary>
    public static TraceSelection From(IEnumerable<string> programs)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string program in programs)
        {
            if (program == Everything)
                return new TraceSelection(all: true, []);
            string name = BaseName(program);
            if (name.Length == 0)
                throw new SysrecException(ExitCodes.Usage, $"'{program}' names no program: give a program name such as bash or /bin/bash");
            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
                throw new SysrecException(ExitCodes.Usage, $"program name '{name}' is longer than {MaxNameBytes} bytes, which no file name can be");
            if (seen.Add(name))
                names.Add(name);
        }
        if (names.Count == 0)
            throw new SysrecException(ExitCodes.Usage, "no program to trace: name one or more programs (e.g. bash), or '*' for every process");
        return new TraceSelection(all: false, names);
    }

    /// <summary>NAME_MAX: the longest basename a Linux file system allows.</summary>
    public const int MaxNameBytes = 255;

    public string Describe() => All ? "every process" : string.Join(", ", Names);

    private static string BaseName(string program) => program[(program.LastIndexOf('/') + 1)..];
}
