using System.Text;

namespace Sysrec.Kernel;

/// <summary>
/// Where the cgroup v2 hierarchy is mounted, the one whose ids the BPF program reads: /sys/fs/cgroup on
/// most systems, /sys/fs/cgroup/unified where systemd mounts cgroups hybrid (v1 controllers beside it).
/// </summary>
internal static class CgroupMount
{
    /// <summary>The first cgroup2 mount in /proc/mounts, or null when there is none.</summary>
    public static string? Find(string mounts = "/proc/mounts")
    {
        foreach (string line in File.ReadLines(mounts))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 2 && fields[2] == "cgroup2")
                return Unescape(fields[1]);
        }
        return null;
    }

    /// <summary>The mount point of the v2 hierarchy, or the error that says there is none.</summary>
    public static string Require() => Find()
        ?? throw new SysrecException(ExitCodes.Failure, "cgroup v2: no cgroup2 file system is mounted (none in /proc/mounts). Mount it (mount -t cgroup2 none /sys/fs/cgroup/unified) or boot with systemd's unified or hybrid hierarchy");

    /// <summary>/proc/mounts writes a space, tab, newline and backslash in a path as \040, \011, \012, \134.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
