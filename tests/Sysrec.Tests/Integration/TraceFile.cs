namespace Sysrec.Tests.Integration;

internal sealed record TraceEntry(int Pid, long SyscallId, string Comm);

/// <summary>Reads a trace.log independently of the product's parser: pid and id are the first two fields, the rest is the comm.</summary>
internal static class TraceFile
{
    public static IReadOnlyList<TraceEntry> Read(string path)
    {
        string text = File.ReadAllText(path);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the trace does not end on a whole line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    private static TraceEntry Parse(string line)
    {
        string[] fields = line.Split(':', 3);
        Assert.True(fields.Length == 3, $"not pid:syscall_id:comm: '{line}'");
        return new TraceEntry(int.Parse(fields[0]), long.Parse(fields[1]), fields[2]);
    }

    public static List<long> SyscallsOf(this IEnumerable<TraceEntry> trace, int pid) =>
        trace.Where(e => e.Pid == pid).Select(e => e.SyscallId).ToList();
}
