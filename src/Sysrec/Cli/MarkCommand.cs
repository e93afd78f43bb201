using System.CommandLine;
using Sysrec.Recording;

namespace Sysrec.Cli;

internal static class MarkCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The exploit's name, as the metadata gives it", HelpName = "NAME", DefaultValueFactory = _ => "exploit" };
        var exploit = new Command("exploit", """
            Mark that an exploit runs now, in every LID-DS recording being made (record or run --lidds): its
            metadata gets a time.exploit entry with this moment's Unix time, its time since the recording
            began and the name, and LID-DS labels the calls after it as attack.

            Example:
              sysrec run --lidds scenario/test/normal_and_attack/attack_1 -- ./service &
              ./exploit.sh && sysrec mark exploit --name CVE-2017-7529
            """)
        {
            name,
        };
        exploit.SetAction(parsed =>
        {
            foreach (string zip in ExploitMarks.Mark(parsed.GetValue(name)!))
                Console.Error.WriteLine($"sysrec: exploit marked in {zip}");
            return ExitCodes.Success;
        });
        return new Command("mark", "Mark a moment in the LID-DS recordings being made (sysrec mark exploit)") { exploit };
    }
}
