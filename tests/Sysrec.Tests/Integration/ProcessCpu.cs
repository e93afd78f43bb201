using System.Globalization;

namespace Sysrec.Tests.Integration;

/// <summary>The CPU time a process has used, from /proc/PID/stat: a sign that it is past its start and busy.</summary>
internal static class ProcessCpu
{
    /// <summary>User and system time in clock ticks (utime + stime, fields 14 and 15).</summary>
    public static long Ticks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The comm, in parentheses, may hold spaces: the fields are counted from after its closing one, at field 3.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
    }
}
