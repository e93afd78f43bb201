namespace Sysrec.Tests.Integration;

/// <summary>One line of a text trace. <paramref name="Abi"/> is "i386" for a call written <c>i386/N</c>, else this machine's own table.</summary>
internal sealed record TraceEntry(int Pid, long SyscallId, string Comm, string Abi);

/// <summary>Reads a trace.log independently of the product's parser: pid and id are the first two fields, the rest is the comm.</summary>
internal static class TraceFile
{
    /// <summary>The name the product gives this machine's table ("x86_64", "arm64").</summary>
    public static readonly string NativeAbi = Sysrec.Trace.JsonLine.NativeAbi;
    public const string I386Abi = "i386";

    public static IReadOnlyList<TraceEntry> Read(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<TraceEntry> Parse(string text)
    {
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the trace does not end on a whole line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLine).ToList();
    }

    private static TraceEntry ParseLine(string line)
    {
        string[] fields = line.Split(':', 3);
        Assert.True(fields.Length == 3, $"not pid:syscall_id:comm: '{line}'");
        const string I386Prefix = I386Abi + "/";
        bool i386 = fields[1].StartsWith(I386Prefix, StringComparison.Ordinal);
        long id = long.Parse(i386 ? fields[1][I386Prefix.Length..] : fields[1]);
        return new TraceEntry(int.Parse(fields[0]), id, fields[2], i386 ? I386Abi : NativeAbi);
    }

    public static List<long> SyscallsOf(this IEnumerable<TraceEntry> trace, int pid) =>
        trace.Where(e => e.Pid == pid).Select(e => e.SyscallId).ToList();
}
