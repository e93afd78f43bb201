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
        Option<SplitNumbering> numbering = OptionValues.Choice<SplitNumbering>("--numbering",
            "native: the ids as recorded; i386: every call renumbered into the i386 table, as ADFA-LD has them");
        Option<SplitBy> by = OptionValues.Choice<SplitBy>("--by",
            "pid: a file per process; tid: a file per thread, <comm>:<tid>.log; cgroup: a file per cgroup v2, <path>:<id>.log, the path's / as %2F (tid and cgroup need a jsonl recording)");
        Option<SplitLayout> layout = OptionValues.Choice<SplitLayout>("--layout",
            "sysrec: <comm>:<pid>.log files; adfa: ADFA-LD's own files and folders (i386 numbers, each followed by a space, no newline), added to the set --set names");
        Option<AdfaSet> set = OptionValues.Choice<AdfaSet>("--set",
            "With --layout adfa, the set the files join: training (Training_Data_Master/UTD-N.txt), validation (Validation_Data_Master/UVD-N.txt), attack (Attack_Data_Master/NAME_N/UAD-NAME-N-K.txt)");
        var attack = new Option<string>("--attack")
        {
            Description = "With --set attack, the attack's name (Adduser, Hydra_FTP, Web_Shell...): each split is its next run, folder NAME_N",
            HelpName = "NAME",
        };
        var noManifest = new Option<bool>("--no-manifest") { Description = $"Do not write {Manifest.FileName}, the CSV index of the files" };
        var command = new Command("split", $"""
            Split a recording into <comm>:<pid>.log files of space-separated syscall ids, a file per process,
            and {Manifest.FileName}: per file its comm, pid, executable, number of calls, first and last time.
            The files of an earlier split into the same directory, which its manifest lists, are replaced.
            With --layout adfa the files are ADFA-LD's own, added to the dataset in DIR.

            Examples:
              sysrec split trace.log                 files in the current directory
              sysrec split trace.log -d dataset --numbering i386
              sysrec split trace.jsonl -d threads --by tid
              sysrec split normal.jsonl -d ADFA-LD --layout adfa --set training
              sysrec split exploit.jsonl -d ADFA-LD --layout adfa --set attack --attack Web_Shell
            """)
        {
            directory, names, numbering, by, layout, set, attack, noManifest,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string outputDirectory = parsed.GetValue(directory)!;
            if (outputDirectory.Length == 0)
                throw SysrecException.BadArguments("--directory: an empty name names no directory; give DIR, or leave -d out for the current one");
            var options = new SplitOptions(parsed.GetValue(names), parsed.GetValue(numbering), parsed.GetValue(by), WriteManifest: !parsed.GetValue(noManifest),
                Adfa: Adfa(parsed, outputDirectory, layout, set, attack, names));
            SplitSummary summary = TraceSplitter.Split(input.Read(parsed), outputDirectory, options);
            if (summary.Unmapped.Count > 0)
                Console.Error.WriteLine($"sysrec: warning: left out {summary.Unmapped.Values.Sum()} calls that have no i386 counterpart: "
                    + string.Join(", ", summary.Unmapped.Select(entry => $"{entry.Key} ({entry.Value})")));
            Console.Error.WriteLine($"sysrec: {summary.Calls} calls split into {summary.Files} {(summary.Files == 1 ? "file" : "files")} in {options.Adfa?.Directory ?? outputDirectory}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static AdfaLayout? Adfa(ParseResult parsed, string root, Option<SplitLayout> layout, Option<AdfaSet> set, Option<string> attack, Option<bool> names)
    {
        string? attackName = parsed.GetValue(attack);
        if (parsed.GetValue(layout) != SplitLayout.Adfa)
        {
            if (parsed.GetResult(set) is { Implicit: false } || attackName is not null)
                throw SysrecException.BadArguments($"{(attackName is null ? "--set" : "--attack")}: a set is where ADFA-LD's layout puts files; add --layout adfa");
            return null;
        }
        if (parsed.GetValue(names))
            throw SysrecException.BadArguments("--names: ADFA-LD's files hold numbers; leave --names out with --layout adfa");
        AdfaSet chosen = parsed.GetValue(set);
        if (attackName is not null && chosen != AdfaSet.Attack)
            throw SysrecException.BadArguments($"--attack: only an attack's files have a name; add --set attack, or leave --attack out for the {chosen.ToString().ToLowerInvariant()} set");
        return AdfaLayout.For(root, chosen, attackName);
    }
}
