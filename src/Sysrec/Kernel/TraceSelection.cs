using Sysrec.IO;

namespace Sysrec.Kernel;

/// <summary>
/// Which processes to record: every one, or those that exec (or already run) a program whose basename
/// is listed, plus processes given by pid; with cgroups, only while they are in one of them or below.
/// </summary>
internal sealed class TraceSelection
{
    public const string Everything = "*";

    /// <summary>NAME_MAX: the longest basename a Linux file system allows.</summary>
    public const int MaxNameBytes = 255;

    private TraceSelection(bool all, IReadOnlyList<string> names, IReadOnlyList<int> pids, IReadOnlyList<SelectedCgroup> cgroups)
    {
        All = all;
        Names = names;
        Pids = pids;
        Cgroups = cgroups;
    }

    public bool All { get; }

    /// <summary>Basenames in the order given; a record's prog index points into this list.</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<int> Pids { get; }

    /// <summary>--cgroup: the cgroups a task must be in, or below, to be traced; none: anywhere.</summary>
    public IReadOnlyList<SelectedCgroup> Cgroups { get; }

    /// <summary>Nothing chosen up front: only what the recorder launches itself is traced.</summary>
    public static TraceSelection LaunchedOnly { get; } = new(all: false, [], [], []);

    /// <summary>
    /// Takes the basename of every program, the way the design's loader does with <c>/bin/bash</c>. With
    /// <paramref name="cgroups"/> and no program or pid, every process in them is traced.
    /// </summary>
    public static TraceSelection From(IEnumerable<string> programs, IEnumerable<int> pids, IReadOnlyList<SelectedCgroup>? cgroups = null)
    {
        cgroups ??= [];
        if (cgroups.Count > CgroupIds.Length)
            throw SysrecException.BadArguments($"{cgroups.Count} cgroups selected, more than the {CgroupIds.Length} one recording can take: select a cgroup above them");
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string program in programs)
        {
            if (program == Everything)
                return new TraceSelection(all: true, [], [], cgroups);
            // An option the parser did not know lands here; tracing a program called "--duration" is never meant.
            if (program.StartsWith('-'))
                throw SysrecException.BadArguments($"unknown option '{program}' (to trace a program whose name starts with '-', write its path, e.g. ./{program})");
            string name = program[(program.LastIndexOf('/') + 1)..];
            if (name.Length == 0)
                throw SysrecException.BadArguments($"'{program}' names no program: give a program name such as bash or /bin/bash");
            if (KernelString.GetByteCount(name) > MaxNameBytes)
                throw SysrecException.BadArguments($"program name '{name}' is longer than {MaxNameBytes} bytes, which no file name can be");
            if (seen.Add(name))
                names.Add(name);
        }
        var selection = new TraceSelection(all: false, names, pids.Distinct().ToList(), cgroups);
        if (selection.Names.Count == 0 && selection.Pids.Count == 0)
        {
            if (cgroups.Count > 0)
                return new TraceSelection(all: true, [], [], cgroups);
            throw SysrecException.BadArguments("no program to trace: name one or more programs (e.g. bash), '*' for every process, --pid PID or --cgroup PATH");
        }
        return selection;
    }

    /// <summary>Names from a file, one per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<string> ReadNames(string path)
    {
        using TextInput input = TextInput.Open(path);
        var names = new List<string>();
        // A list written by hand may well lack the newline after its last name.
        while (input.TryReadLine(out ReadOnlySpan<byte> line, out _))
        {
            ReadOnlySpan<byte> name = line.Trim(" \t\r"u8);
            if (name.IsEmpty || name[0] == (byte)'#')
                continue;
            if (name.IndexOfAny((byte)'/', (byte)0) >= 0)
                throw input.Error("not a program name (one basename per line, no '/')");
            names.Add(KernelString.Decode(name));
        }
        if (names.Count == 0)
            throw new SysrecException(ExitCodes.Usage, $"{path}: no program names in it");
        return names;
    }

    public string Describe() => (All ? "every process"
        : string.Join(", ", Names.Take(5).Concat(Names.Count > 5 ? [$"{Names.Count - 5} more names"] : [])
            .Concat(Pids.Select(pid => $"pid {pid}"))))
        + (Cgroups.Count == 0 ? "" : $" in {string.Join(", ", Cgroups.Select(cgroup => cgroup.Path))}");
}
