using System.CommandLine;
using Sysrec.Splitting;

namespace Sysrec.Cli;

internal static class SplitCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("trace") { Description = "A trace written by record (pid:syscall_id:comm lines)" };
        var directory = new Option<string>("--directory", "-d")
        {
            Description = "Write the files into DIR",
            HelpName = "DIR",
            DefaultValueFactory = _ => ".",
        };
        var names = new Option<bool>("--names") { Description = "Write syscall names (read, openat) instead of numbers" };
        var numbering = new Option<string>("--numbering")
        {
            Description = "native: the ids as recorded; i386: every call renumbered into the i386 table, as ADFA-LD has them",
            DefaultValueFactory = _ => "native",
        }.AcceptOnlyFromAmong("native", "i386");
        var command = new Command("split", """
            Split a trace into <comm>:<pid>.log files of space-separated syscall ids (the ADFA-LD layout).

            Examples:
              sysrec split trace.log                 files in the current directory
              sysrec split trace.log -d dataset --numbering i386
            """)
        {
            input, directory, names, numbering,
        };
        command.SetAction(parsed =>
        {
            string outputDirectory = parsed.GetValue(directory)!;
            var options = new SplitOptions(parsed.GetValue(names), parsed.GetValue(numbering) == "i386");
            SplitSummary summary = TraceSplitter.Split(parsed.GetValue(input)!, outputDirectory, options);
            if (summary.Unmapped.Count > 0)
                Console.Error.WriteLine($"sysrec: warning: left out {summary.Unmapped.Values.Sum()} calls that have no i386 counterpart: "
                    + string.Join(", ", summary.Unmapped.Select(entry => $"{entry.Key} ({entry.Value})")));
            Console.Error.WriteLine($"sysrec: {summary.Lines} lines split into {summary.Files} {(summary.Files == 1 ? "file" : "files")} in {outputDirectory}");
            return ExitCodes.Success;
        });
        return command;
    }
}
