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
        Option<ContainerRuntime> runtime = OptionValues.Choice<ContainerRuntime>("--runtime",
            "Also allow what this container runtime calls between loading the profile and starting the program "
            + "(docker runs runc, podman crun); none allows only that exec");
        var noNewPrivileges = new Option<bool>("--no-new-privileges")
        {
            Description = "With --runtime: the container runs with noNewPrivileges (docker --security-opt no-new-privileges), under which "
                + "its runtime calls less after loading the profile. Docker's and Kubernetes' default is without",
        };
        var command = new Command("seccomp",
            $"Write an OCI/Docker seccomp profile that allows only the recorded syscalls (and {SeccompProfile.StartingExec}, "
            + "which starts the program after the profile is loaded) and fails every other with EPERM")
        {
            output,
            runtime,
            noNewPrivileges,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            ContainerRuntime starter = parsed.GetValue(runtime);
            if (starter == ContainerRuntime.None && parsed.GetValue(noNewPrivileges))
                throw SysrecException.BadArguments("--no-new-privileges: it says how a container runtime starts the program. Add --runtime crun|runc|docker|podman");
            IEnumerable<string> startingCalls = starter == ContainerRuntime.None
                ? [SeccompProfile.StartingExec]
                : RuntimeCalls.For(starter, parsed.GetValue(noNewPrivileges)).Syscalls;
            RecordingFiles recording = input.Read(parsed);
            SeccompProfile profile = SeccompProfile.FromTrace(recording, startingCalls);
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
