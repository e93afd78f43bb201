using System.CommandLine;
using Sysrec.Splitting;

namespace Sysrec.Cli;

internal static class SplitCommand
{
    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl");
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
        }.OneOf("native", "i386");
        var by = new Option<string>("--by")
        {
            Description = "pid: a file per process; tid: a file per thread, <comm>:<tid>.log (needs a jsonl recording)",
            DefaultValueFactory = _ => "pid",
        }.OneOf("pid", "tid");
        var noManifest = new Option<bool>("--no-manifest") { Description = $"Do not write {Manifest.FileName}, the CSV index of the files" };
        var command = new Command("split", $"""
            Split a recording into <comm>:<pid>.log files of space-separated syscall ids (the ADFA-LD layout),
            and {Manifest.FileName}: per file its comm, pid, executable, number of calls, first and last time.
            The files of an earlier split into the same directory, which its manifest lists, are replaced.

            Examples:
              sysrec split trace.log                 files in the current directory
              sysrec split trace.log -d dataset --numbering i386
              sysrec split trace.jsonl -d threads --by tid
            """)
        {
            directory, names, numbering, by, noManifest,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string outputDirectory = parsed.GetValue(directory)!;
            if (outputDirectory.Length == 0)
                throw SysrecException.BadArguments("--directory: an empty name names no directory; give DIR, or leave -d out for the current one");
            var options = new SplitOptions(parsed.GetValue(names), parsed.GetValue(numbering) == "i386",
                ByThread: parsed.GetValue(by) == "tid", WriteManifest: !parsed.GetValue(noManifest));
            SplitSummary summary = TraceSplitter.Split(input.Read(parsed), outputDirectory, options);
            if (summary.Unmapped.Count > 0)
                Console.Error.WriteLine($"sysrec: warning: left out {summary.Unmapped.Values.Sum()} calls that have no i386 counterpart: "
                    + string.Join(", ", summary.Unmapped.Select(entry => $"{entry.Key} ({entry.Value})")));
            Console.Error.WriteLine($"sysrec: {summary.Calls} calls split into {summary.Files} {(summary.Files == 1 ? "file" : "files")} in {outputDirectory}");
            return ExitCodes.Success;
        });
        return command;
    }
}
