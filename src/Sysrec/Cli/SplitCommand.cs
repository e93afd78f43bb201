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
        var command = new Command("split", "Split a trace into <comm>:<pid>.log files of space-separated syscall ids (the ADFA-LD layout)")
        {
            input, directory, names,
        };
        command.SetAction(parsed =>
        {
            string outputDirectory = parsed.GetValue(directory)!;
            SplitSummary summary = TraceSplitter.Split(parsed.GetValue(input)!, outputDirectory, parsed.GetValue(names));
            Console.Error.WriteLine($"sysrec: {summary.Lines} lines split into {summary.Files} {(summary.Files == 1 ? "file" : "files")} in {outputDirectory}");
            return ExitCodes.Success;
        });
        return command;
    }
}
