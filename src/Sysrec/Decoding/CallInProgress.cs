using System.Globalization;
using Sysrec.IO;
using Sysrec.Kernel;

namespace Sysrec.Decoding;

/// <summary>
/// A call a thread was inside of when its recording began, as /proc/PID/task/TID/syscall tells it: its
/// exit comes with no enter record. strace, which interrupts and restarts such a call as it attaches,
/// shows it whole; so can sysrec, from the number and arguments read here and what the exit captures.
/// </summary>
internal sealed record CallInProgress(int Pid, int Tid, long Number, ulong[] Args, byte[] Comm, uint Uid, uint Gid, ulong SinceNs)
{
    /// <summary>The calls the threads of <paramref name="pid"/> are inside of; none for a thread in user space, or gone.</summary>
    public static IEnumerable<CallInProgress> Of(int pid, ulong nowNs)
    {
        string process = $"/proc/{pid}";
        if (TransientFiles.ReadText($"{process}/status") is not string status || Ids(status, "Uid:") is not uint uid || Ids(status, "Gid:") is not uint gid)
            yield break;
        foreach (int tid in RunningProcesses.Threads(pid))
        {
            string task = $"{process}/task/{tid}";
            if (TransientFiles.ReadText($"{task}/syscall") is not string line || Parse(line) is not (long number, ulong[] args) || TransientFiles.ReadText($"{task}/comm") is not string comm)
                continue;
            yield return new CallInProgress(pid, tid, number, args, System.Text.Encoding.UTF8.GetBytes(comm.TrimEnd('\n')), uid, gid, nowNs);
        }
    }

    /// <summary>
    /// The number and arguments of "NR ARG1 … ARG6 SP PC", a thread blocked in a call; null for "running"
    /// or "-1 SP PC", a thread outside one.
    /// </summary>
    internal static (long Number, ulong[] Args)? Parse(string line)
    {
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            return null;
        var args = new ulong[6];
        for (int i = 0; i < args.Length; i++)
        {
            if (!fields[i + 1].StartsWith("0x", StringComparison.Ordinal)
                || !ulong.TryParse(fields[i + 1].AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out args[i]))
                return null;
        }
        return (number, args);
    }

    // The real id, the first of "Uid:\treal\teffective\tsaved\tfs".
    private static uint? Ids(string status, string key)
    {
        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal)
                && line[key.Length..].Split('\t', StringSplitOptions.RemoveEmptyEntries) is [string real, ..]
                && uint.TryParse(real, NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
                return id;
        }
        return null;
    }

}
