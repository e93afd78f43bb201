using System.CommandLine;
using Sysrec.Recording;

namespace Sysrec.Cli;

internal static class MarkCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The exploit's name, as the metadata gives it", HelpName = "NAME", DefaultValueFactory = _ => "exploit" };
        var recording = new Argument<string?>("recording")
        {
            Description = "The recording the exploit is in: the NAME or DIR/NAME given to --lidds (or its zip); "
                + "without it, the only recording being made",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var all = new Option<bool>("--all") { Description = "Mark every LID-DS recording being made" };
        var exploit = new Command("exploit", """
            Mark that an exploit runs now, in the LID-DS recording being made (record or run --lidds) that
            RECORDING names, the only one when there is one, or every one with --all: its metadata gets a
            time.exploit entry with this moment's Unix time, its time since the recording began and the name,
            and LID-DS labels the calls after it as attack. Each recording marked is named on stderr.

            Examples:
              sysrec run --lidds scenario/attack_1 --lidds-set attack -- ./service &
              ./exploit.sh && sysrec mark exploit --name CVE-2017-7529
              sysrec mark exploit attack_1 --name CVE-2017-7529   # when several are being made
              sysrec mark exploit scenario/attack_1               # the same, by DIR/NAME as --lidds had it
            """)
        {
            recording, name, all,
        };
        exploit.SetAction(parsed =>
        {
            foreach (string zip in ExploitMarks.Mark(parsed.GetValue(name)!, parsed.GetValue(recording), parsed.GetValue(all)))
                Console.Error.WriteLine($"sysrec: exploit marked in {zip}");
            return ExitCodes.Success;
        });
        return new Command("mark", "Mark a moment in the LID-DS recordings being made (sysrec mark exploit)") { exploit };
    }
}
