using System.CommandLine;
using Sysrec.Analysis;
using Sysrec.IO;
using Sysrec.Kernel;
using Sysrec.Recording;
using Sysrec.Trace;

namespace Sysrec.Cli;

internal static class SeccompCommand
{
    private const string Remedy = "Choose another file with -o FILE";

    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl", optional: true);
        var output = new Option<string?>("--output", "-o") { Description = "Write the profile to FILE instead of stdout", HelpName = "FILE" };
        Option<ContainerRuntime> runtime = OptionValues.Choice<ContainerRuntime>("--runtime",
            "Also allow what this container runtime calls between loading the profile and starting the program "
            + "(docker runs runc, podman crun); none allows only that exec. With --container the default is the runtime it was found with, not none");
        var noNewPrivileges = new Option<bool>("--no-new-privileges")
        {
            Description = "With --runtime: the container runs with noNewPrivileges (docker --security-opt no-new-privileges), under which "
                + "its runtime calls less after loading the profile. Docker's and Kubernetes' default is without",
        };
        var container = new Option<string?>("--container")
        {
            Description = "Instead of reading a recording, record a running container, by its id or the start of it (as record --container finds it): "
                + "every call of its processes, their threads and all they start, from now until it stops, --duration ends or Ctrl-C; "
                + "then write the profile. One created and not yet started (crun create) is recorded from its command's first call",
            HelpName = "ID",
        };
        var duration = new Option<string?>("--duration") { Description = "With --container: stop recording after this long (e.g. 30s, 10m, 1h)", HelpName = "TIME" };
        var command = new Command("seccomp", $"""
            Write an OCI/Docker seccomp profile that allows only the recorded syscalls (and {SeccompProfile.StartingExec}, which starts the program after the profile is loaded) and fails every other with EPERM.

            Examples:
              sysrec seccomp app.log --runtime docker -o profile.json   from a recording, for a container docker runs
              sysrec seccomp --container 3f2a9c -o profile.json          record a running container until it stops or Ctrl-C
            """)
        {
            output,
            runtime,
            noNewPrivileges,
            container,
            duration,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string? path = parsed.GetValue(output);
            RecordingFiles? recording = null;
            SeccompProfile profile;
            if (parsed.GetValue(container) is string given)
            {
                if (input.Given(parsed))
                    throw SysrecException.BadArguments("--container: the profile is made from what the container is recorded doing. Leave out the recording, or --container");
                TimeSpan? stopAfter = parsed.GetValue(duration) is string time ? Durations.Parse("--duration", time) : null;
                ContainerTarget found = Containers.Find(given);
                bool defaulted = parsed.GetResult(runtime) is not { Implicit: false };
                ContainerRuntime starter = defaulted ? RuntimeOf(found) : parsed.GetValue(runtime);
                IEnumerable<string> startingCalls = StartingCalls(starter, parsed.GetValue(noNewPrivileges));
                if (path is not null)
                    ReportOutput.CheckWritable(path, Remedy);
                if (defaulted)
                    Console.Error.WriteLine($"sysrec: container {found.Name}: the profile allows what its runtime calls before it starts the program, "
                        + $"as --runtime {starter.ToString().ToLowerInvariant()} does; choose another with --runtime");
                profile = SeccompProfile.FromSyscalls(Record(found, stopAfter), startingCalls);
            }
            else
            {
                if (parsed.GetValue(duration) is not null)
                    throw SysrecException.BadArguments("--duration: it says how long to record a container. Add --container ID, or leave out --duration");
                if (!input.Given(parsed))
                    throw SysrecException.BadArguments("seccomp: give a recording to make the profile from, or --container ID to record one");
                IEnumerable<string> startingCalls = StartingCalls(parsed.GetValue(runtime), parsed.GetValue(noNewPrivileges));
                recording = input.Read(parsed);
                profile = SeccompProfile.FromTrace(recording, startingCalls);
            }
            if (profile.Unnamed.Count > 0)
            {
                Console.Error.WriteLine($"sysrec: warning: the profile cannot allow {string.Join(", ", profile.Unnamed.Select(s => s.Label))}: "
                    + "a profile allows syscalls by name, and the syscall table has no name for that number");
            }
            if (path is not null)
                ReportOutput.ToFile(path, recording, Remedy, file => SeccompProfileWriter.Write(profile, file));
            else
                ReportOutput.ToStdout(stdout => SeccompProfileWriter.Write(profile, stdout));
            return ExitCodes.Success;
        });
        return command;
    }

    private static IEnumerable<string> StartingCalls(ContainerRuntime starter, bool noNewPrivileges)
    {
        if (starter == ContainerRuntime.None && noNewPrivileges)
            throw SysrecException.BadArguments("--no-new-privileges: it says how a container runtime starts the program. Add --runtime crun|runc|docker|podman");
        return starter == ContainerRuntime.None ? [SeccompProfile.StartingExec] : RuntimeCalls.For(starter, noNewPrivileges).Syscalls;
    }

    /// <summary>What starts the containers of where a container was found: containerd's runc shim, by default.</summary>
    private static ContainerRuntime RuntimeOf(ContainerTarget container) => container.StartedBy switch
    {
        "crun" => ContainerRuntime.Crun,
        "runc" or "containerd" => ContainerRuntime.Runc,
        "docker" => ContainerRuntime.Docker,
        "podman" => ContainerRuntime.Podman,
        var manager => throw SysrecException.BadArguments($"--container {container.Name}: {manager} runs it with crun or runc, as it is set up. "
            + "Say which with --runtime crun or --runtime runc"),
    };

    /// <summary>Records the container's every call until it stops, the duration ends or a signal comes; the syscalls it made.</summary>
    private static IReadOnlyCollection<SyscallKey> Record(ContainerTarget container, TimeSpan? duration)
    {
        CgroupChoice chosen = CgroupChoice.Of(container);
        var seen = new SyscallSetOutput();
        var watch = new ContainerWatch(container);
        var options = new RecordingOptions(TraceSelection.From([], chosen.Pids, chosen.Cgroups), OutputPath: "", TraceFormat.Text, Echo: false, new TracerOptions())
        {
            Duration = duration,
            EndsWhen = new RecordingEnd($"container {container.Name} stops", () => watch.HasStopped),
            OpenOutput = () => seen,
        };
        Recorder.Record(chosen.FollowingContainers(options, Console.Error), Console.Error);
        return seen.Seen;
    }
}
