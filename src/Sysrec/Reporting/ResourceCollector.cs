using Sysrec.Analysis;
using Sysrec.IO;
using Sysrec.Trace;

namespace Sysrec.Reporting;

/// <summary>
/// The files and sockets each shown process used, from the fds of a --decode recording's calls (every
/// fd argument and returned fd, AT_FDCWD aside), with how many calls used each. A socket is one whatever
/// it was called as it got bound and connected (by its inode), named as last seen. Null for a recording
/// without decoded values. Memory grows with the shown processes and what they used, at most
/// <see cref="MaxPerProcess"/> each.
/// </summary>
internal static class ResourceCollector
{
    public const int MaxPerProcess = 200;

    /// <param name="syscalls">How many syscalls stats counted: the pass reads that many and no more.</param>
    public static IReadOnlyList<IReadOnlyList<ProcessResource>>? Read(RecordingFiles path, long syscalls, IReadOnlyList<ProcessStats> shown)
    {
        var used = new Dictionary<ProcessKey, Dictionary<string, ProcessResource>>(ProcessKeyComparer.Instance);
        foreach (ProcessStats process in shown)
            used.Add(new ProcessKey(process.Comm, process.Pid), []);
        var lookup = used.GetAlternateLookup<CommAndPid>();
        bool decoded = false;

        using TraceReader trace = TraceReader.Open(path);
        for (long read = 0; read < syscalls && trace.TryRead(out TraceEvent syscall); read++)
        {
            decoded |= !syscall.Decoded.IsEmpty;
            if (syscall.Decoded.IsEmpty || !lookup.TryGetValue(new CommAndPid(syscall.Comm, syscall.Pid), out Dictionary<string, ProcessResource>? resources))
                continue;
            DecodedArguments arguments;
            try
            {
                arguments = syscall.ReadDecoded()!;
            }
            catch (FormatException e)
            {
                throw trace.Error(e.Message);
            }
            // A call that names one file twice (dup2(3, 4), sendfile between two fds of it) used it once.
            foreach (ProcessResource resource in arguments.Fds().Select(Resource).OfType<ProcessResource>().DistinctBy(Key))
                Count(resources, resource);
        }
        return decoded ? [.. shown.Select(process => Ordered(used[new ProcessKey(process.Comm, process.Pid)]))] : null;
    }

    // A file or device by its path, a socket by its inode and its name now; null for what is neither.
    private static ProcessResource? Resource(DecodedFd fd)
    {
        bool socket = fd.Type == "socket";
        if (!(socket || fd.Type is "file" or "chardev" or "blockdev") || (socket ? fd.Target : fd.PathText) is not string name)
            return null;
        return new ProcessResource(socket, name, 1) { Inode = socket ? fd.Inode : null };
    }

    private static string Key(ProcessResource resource) => resource.Socket ? $"socket {resource.Inode}" : resource.Name;

    private static void Count(Dictionary<string, ProcessResource> resources, ProcessResource used)
    {
        string key = Key(used);
        if (resources.TryGetValue(key, out ProcessResource? known))
            resources[key] = known with { Name = used.Name, Calls = known.Calls + 1 };
        else if (resources.Count < MaxPerProcess)
            resources[key] = used;
    }

    private static ProcessResource[] Ordered(Dictionary<string, ProcessResource> resources) =>
        [.. resources.Values.OrderBy(resource => resource.Socket).ThenByDescending(resource => resource.Calls).ThenBy(resource => resource.Name, StringComparer.Ordinal)];
}
