using Sysrec.IO;

namespace Sysrec.Kernel;

/// <summary>What /proc tells about processes that run already when recording starts.</summary>
internal static class RunningProcesses
{
    /// <summary>
    /// Processes running a listed program, with the program's list index: the basename of the file they
    /// exec'd (/proc/PID/exe) or of their argv[0], which keeps the name a symlink was called by.
    /// </summary>
    public static IEnumerable<(int Pid, int ProgIndex)> RunningListed(IReadOnlyList<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
            index.TryAdd(names[i], i);
        foreach (int pid in All())
        {
            foreach (string? name in new[] { ExecutableName(pid), ArgumentZeroName(pid) })
            {
                if (name is not null && index.TryGetValue(name, out int progIndex))
                {
                    yield return (pid, progIndex);
                    break;
                }
            }
        }
    }

    /// <summary>Every process below the given ones in the process tree, at this moment.</summary>
    public static IEnumerable<int> DescendantsOf(IEnumerable<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (int pid in All())
        {
            if (ParentOf(pid) is int parent)
            {
                if (!children.TryGetValue(parent, out List<int>? list))
                    children[parent] = list = [];
                list.Add(pid);
            }
        }
        var pending = new Stack<int>(roots);
        while (pending.TryPop(out int pid))
        {
            foreach (int child in children.GetValueOrDefault(pid) ?? [])
            {
                yield return child;
                pending.Push(child);
            }
        }
    }

    /// <summary>The thread ids of a process; empty once it has gone.</summary>
    public static IEnumerable<int> Threads(int pid) => TransientFiles.Numbered($"/proc/{pid}/task");

    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Refuses a --pid that names no process.</summary>
    public static void RequireExists(int pid)
    {
        if (!Exists(pid))
            throw new SysrecException(ExitCodes.Usage, $"--pid {pid}: no such process. Check the pid with ps");
    }

    private static IEnumerable<int> All() => TransientFiles.Numbered("/proc");

    /// <summary>
    /// The file a process exec'd, as the kernel names it in /proc/PID/exe (ending in " (deleted)" once the
    /// file is gone), its bytes as they are; null for kernel threads and processes that have exited.
    /// </summary>
    public static byte[]? Executable(int pid)
    {
        Span<byte> target = stackalloc byte[4096]; // PATH_MAX
        nint length = Interop.Libc.ReadLink($"/proc/{pid}/exe", target);
        return length < 0 ? null : target[..(int)length].ToArray();
    }

    /// <summary>The process's comm, its bytes as they are; null once it has exited.</summary>
    public static byte[]? Comm(int pid)
    {
        byte[]? comm = TransientFiles.ReadBytes($"/proc/{pid}/comm");
        return comm is [.. var name, (byte)'\n'] ? name : comm;
    }

    private static string? ExecutableName(int pid)
    {
        if (Executable(pid) is not byte[] target)
            return null;
        string path = KernelString.Decode(target);
        const string Deleted = " (deleted)";
        return Path.GetFileName(path.EndsWith(Deleted, StringComparison.Ordinal) ? path[..^Deleted.Length] : path);
    }

    private static string? ArgumentZeroName(int pid)
    {
        byte[]? commandLine = TransientFiles.ReadBytes($"/proc/{pid}/cmdline");
        if (commandLine is null or [])
            return null;
        int end = Array.IndexOf(commandLine, (byte)0);
        return Path.GetFileName(KernelString.Decode(end < 0 ? commandLine : commandLine.AsSpan(0, end)));
    }

    private static int? ParentOf(int pid)
    {
        // "pid (comm) state ppid ...": the comm may hold spaces and parentheses, so count from the last ')'.
        string? stat = TransientFiles.ReadText($"/proc/{pid}/stat");
        if (stat is null)
            return null;
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out int parent) ? parent : null;
    }

}
