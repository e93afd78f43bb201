using System.CommandLine;
using Sysrec.Analysis;
using Sysrec.Syscalls;

namespace Sysrec.Cli;

internal static class StatsCommand
{
    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl (times and errors need jsonl recorded with --exit)");
        var syscalls = new Option<string?>("--expr", "-e")
        {
            Description = "Count only these syscalls, as strace -e trace=: names, numbers or classes (e.g. -e openat,read or -e %file); a leading ! counts all others",
            HelpName = "[trace=][!]LIST",
        };
        var top = new Option<int?>("--top")
        {
            Description = "Show only the first N rows of each table (the total still counts every syscall)",
            HelpName = "N",
            CustomParser = result => OptionValues.Integer(result, "--top", 1, int.MaxValue),
        };
        var perProcess = new Option<bool>("--per-process") { Description = "Also show a table for each process (comm:pid), most calls first" };
        var perCgroup = new Option<bool>("--per-cgroup") { Description = "Also show a table for each cgroup the calls were made in (a jsonl recording), most calls first" };
        Option<StatsFormat> format = OptionValues.Choice<StatsFormat>("--format",
            "table: aligned like strace -c; json: one document with the same numbers, null where unknown");
        var command = new Command("stats", "Count a recording's syscalls like strace -c: calls, errors, time, by time then calls")
        {
            syscalls, top, perProcess, perCgroup, format,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            int? rows = parsed.GetValue(top);
            SyscallFilter? filter = parsed.GetValue(syscalls) is string expression ? SyscallFilter.Parse("-e", expression) : null;
            StatsReport report = StatsCollector.Read(input.Read(parsed), filter, parsed.GetValue(perProcess), rows, parsed.GetValue(perCgroup));
            if (parsed.GetValue(format) == StatsFormat.Json)
            {
                ReportOutput.ToStdout(stdout => StatsJsonWriter.Write(report, stdout));
            }
            else
            {
                ReportOutput.ToStdout(stdout =>
                {
                    using var text = new StreamWriter(stdout);
                    StatsTextWriter.Write(report, text);
                });
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
