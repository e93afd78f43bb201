using System.Text;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Top;

/// <summary>Draws one screen of `sysrec top`: the busiest traced processes and their hottest syscalls, with rates.</summary>
internal static class TopView
{
    private const int HottestPerProcess = 4;

    public static string Render(IReadOnlyList<ProcessCounts> processes, TimeSpan interval, TracerStats stats, int rows, int columns)
    {
        var screen = new StringBuilder();
        long total = processes.Sum(p => p.Calls);
        screen.Append("\x1b[H\x1b[2J");
        Line(screen, columns, $"sysrec top - {Rate(total, interval)} syscalls/s in {processes.Count} processes, {stats.Dropped:N0} dropped - q to quit");
        Line(screen, columns, "");
        Line(screen, columns, $"{"PID",8} {"COMM",-16} {"CALLS/S",10}  HOTTEST SYSCALLS (calls/s)");
        foreach (ProcessCounts process in processes.Take(Math.Max(0, rows - 4)))
        {
            string hottest = string.Join("  ", process.Hottest(HottestPerProcess)
                .Select(entry => $"{SyscallName(entry.Syscall.Abi, entry.Syscall.Number)} {Rate(entry.Calls, interval)}"));
            Line(screen, columns, $"{process.Pid,8} {Comm(process.Comm),-16} {Rate(process.Calls, interval),10}  {hottest}");
        }
        return screen.ToString();
    }

    private static void Line(StringBuilder screen, int columns, string text) =>
        screen.Append(text.Length > columns ? text[..columns] : text).Append("\r\n");

    private static string Rate(long calls, TimeSpan interval) => (calls / interval.TotalSeconds).ToString("N0");

    private static string SyscallName(SyscallAbi abi, long number)
    {
        Span<byte> field = stackalloc byte[TraceLine.MaxSyscallLength];
        return Encoding.ASCII.GetString(field[..TraceLine.FormatSyscall(abi, number, field, names: true)]);
    }

    // The comm is the process's own choice: escaped, so it cannot drive the terminal.
    private static string Comm(ReadOnlySpan<byte> comm) => CommText.ForTerminal(comm);
}
