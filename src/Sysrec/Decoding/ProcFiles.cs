using System.Globalization;
using System.Text;
using Sysrec.IO;

namespace Sysrec.Decoding;

/// <summary>
/// Seeds the fd table of a process that was running before it was traced, as strace -yy would name its
/// fds: /proc/PID/fd/N for what each fd is, /proc/PID/fdinfo/N for its close-on-exec flag (and a pidfd's
/// process), /proc/PID/net/* for its sockets, /proc/PID/cwd for its cwd, and /proc/PID/task for the
/// threads that share the table.
/// </summary>
internal sealed class ProcFiles(string procRoot = "/proc")
{
    private const string Deleted = " (deleted)";

    private readonly DeviceNames _devices = new();

    /// <summary>Gives every thread of <paramref name="pid"/> the table read from /proc; false when the process is gone.</summary>
    public bool Seed(FdTracker tracker, int pid)
    {
        string process = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        FdTable? table = Read(process);
        if (table is null)
            return false;
        foreach (int tid in Tasks(process, pid))
            tracker.Adopt(tid, table);
        return true;
    }

    /// <summary>The fds and cwd of the process whose /proc directory is <paramref name="process"/>; null when it is gone.</summary>
    public FdTable? Read(string process)
    {
        IEnumerable<string> links;
        try
        {
            // Every entry: System.IO takes a link to a directory (an fd open on one) for a directory.
            links = Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var table = new FdTable();
        if (TransientFiles.LinkTarget(Path.Combine(process, "cwd")) is string cwd)
            table.Cwd = Encoding.UTF8.GetBytes(cwd);
        Dictionary<ulong, FdTarget>? sockets = null;
        foreach (string link in links)
        {
            if (!int.TryParse(Path.GetFileName(link), out int fd) || TransientFiles.LinkTarget(link) is not string target)
                continue;
            (bool closeOnExec, int pidfdProcess) = FdInfo(Path.Combine(process, "fdinfo", Path.GetFileName(link)));
            FileDescription? file = Describe(target, pidfdProcess, () => sockets ??= ProcNetSockets.Read(process));
            if (file is not null)
                table.Set(fd, file, closeOnExec);
        }
        return table;
    }

    private FileDescription? Describe(string target, int pidfdProcess, Func<Dictionary<ulong, FdTarget>> sockets)
    {
        if (target.StartsWith('/'))
        {
            bool deleted = target.EndsWith(Deleted, StringComparison.Ordinal);
            string path = deleted ? target[..^Deleted.Length] : target;
            if (!deleted && _devices.TryGet(path, out bool block, out uint major, out uint minor))
                return FileDescription.ForDevice(Encoding.UTF8.GetBytes(path), block, major, minor);
            return FileDescription.ForPath(Encoding.UTF8.GetBytes(path), deleted);
        }
        if (Inode(target, "pipe:[") is ulong pipe)
            return FileDescription.ForPipe(pipe);
        if (Inode(target, "socket:[") is ulong socket)
            return sockets().TryGetValue(socket, out FdTarget? known) ? FileDescription.ForSocket(known) : FileDescription.ForName(Encoding.ASCII.GetBytes(target));
        if (target == "anon_inode:[pidfd]" && pidfdProcess > 0)
            return FileDescription.ForPidfd(pidfdProcess);
        return FileDescription.ForName(Encoding.UTF8.GetBytes(target));
    }

    // fdinfo's "flags:" (octal, O_CLOEXEC among them) and a pidfd's "Pid:".
    private static (bool CloseOnExec, int Pid) FdInfo(string file)
    {
        bool closeOnExec = false;
        int pid = 0;
        try
        {
            foreach (string line in File.ReadLines(file))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    ulong flags = 0;
                    foreach (char digit in line["flags:".Length..].Trim())
                        flags = flags * 8 + (ulong)(digit - '0');
                    closeOnExec = (flags & KernelConstants.O_CLOEXEC) != 0;
                }
                else if (line.StartsWith("Pid:", StringComparison.Ordinal))
                    int.TryParse(line.AsSpan("Pid:".Length).Trim(), out pid);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
        return (closeOnExec, pid);
    }

    private static IEnumerable<int> Tasks(string process, int pid)
    {
        List<int> tids = [.. TransientFiles.Numbered(Path.Combine(process, "task"))];
        return tids.Count == 0 ? [pid] : tids;
    }

    private static ulong? Inode(string target, string prefix) =>
        target.StartsWith(prefix, StringComparison.Ordinal) && target.EndsWith(']') && ulong.TryParse(target.AsSpan(prefix.Length, target.Length - prefix.Length - 1), out ulong inode)
            ? inode : null;

}
