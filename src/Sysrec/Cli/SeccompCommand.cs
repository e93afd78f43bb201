using System.CommandLine;
using Sysrec.Analysis;
using Sysrec.IO;

namespace Sysrec.Cli;

internal static class SeccompCommand
{
    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl");
        var output = new Option<string?>("--output", "-o") { Description = "Write the profile to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("seccomp",
            $"Write an OCI/Docker seccomp profile that allows only the recorded syscalls (and {SeccompProfile.StartingExec}, "
            + "which starts the program after the profile is loaded) and fails every other with EPERM")
        {
            output,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            RecordingFiles recording = input.Read(parsed);
            SeccompProfile profile = SeccompProfile.FromTrace(recording);
            if (profile.Unnamed.Count > 0)
            {
                Console.Error.WriteLine($"sysrec: warning: the profile cannot allow {string.Join(", ", profile.Unnamed.Select(s => s.Label))}: "
                    + "a profile allows syscalls by name, and the syscall table has no name for that number");
            }
            if (parsed.GetValue(output) is string path)
                ReportOutput.ToFile(path, recording, "Choose another file with -o FILE", file => SeccompProfileWriter.Write(profile, file));
            else
                ReportOutput.ToStdout(stdout => SeccompProfileWriter.Write(profile, stdout));
            return ExitCodes.Success;
        });
        return command;
    }
}
