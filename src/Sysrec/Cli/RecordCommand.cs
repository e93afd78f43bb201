using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Sysrec.Kernel;
using Sysrec.Recording;

namespace Sysrec.Cli;

internal static class RecordCommand
{
    public const string DefaultOutput = "trace.log";

    public static Command Create()
    {
        var programs = new Argument<string[]>("program")
        {
            Description = "Programs to trace, by name or path (only the basename counts), or '*' for every process",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var namesFrom = new Option<string?>("--names-from")
        {
            Description = "Also trace the programs named in FILE, one per line ('#' starts a comment)",
            HelpName = "FILE",
        };
        var pids = new Option<int[]>("--pid", "-p")
        {
            Description = "Also trace these running processes (comma-separated or repeated)",
            HelpName = "PID",
            CustomParser = result => [.. result.Tokens.SelectMany(token => token.Value.Split(',')).Select(text => ParsePid(result, text))],
            AllowMultipleArgumentsPerToken = true,
        };
        var shared = new RecordingFlags();
        var streaming = new SinkFlags();
        var where = new CgroupFlags();
        var command = new Command("record", """
            Record the syscalls of processes that run the named programs, as pid:syscall_id:comm lines.

            Examples:
              sysrec record bash                     every bash: echo the lines and write trace.log
              sysrec record -q -o nginx.log nginx    quietly, to nginx.log
              sysrec record '*' --duration 30s       every process for 30 seconds
              sysrec record -p 1234 -f               a running process and all it starts
              sysrec record --format jsonl --exit -e openat,read python3
              sysrec record -q '*' --sink nats://10.0.0.5:4222   publish to JetStream (subject sysrec.HOST)
              sysrec record --format jsonl --paths -e openat,execve '*'
              sysrec record --cgroup /system.slice/nginx.service   every process in a cgroup and below it
              sysrec record --unit nginx --format jsonl     the same, by the service's name
              sysrec record --container 3f2a9c              a container, by (the start of) its id
            """)
        {
            programs, namesFrom, pids,
        };
        where.AddTo(command);
        shared.AddTo(command, untilStopped: true);
        streaming.AddTo(command);
        command.SetAction(parsed =>
        {
            string? namesFile = parsed.GetValue(namesFrom);
            IEnumerable<string> names = parsed.GetValue(programs) ?? [];
            if (namesFile is not null)
                names = names.Concat(TraceSelection.ReadNames(namesFile));
            CgroupChoice chosen = where.Read(parsed);
            var selection = TraceSelection.From(names, [.. parsed.GetValue(pids) ?? [], .. chosen.Pids], chosen.Cgroups);
            // Before the output is made: a mistyped pid must not empty the trace of an earlier recording.
            foreach (int pid in selection.Pids)
                RunningProcesses.RequireExists(pid);
            RecordingOptions options = chosen.FollowingContainers(shared.Read(parsed, selection, traceLaunched: false, streaming.Read(parsed)), Console.Error);
            return Recorder.Record(options, Console.Error);
        });
        return command;
    }

    // Said through the parse result: an exception thrown while parsing would escape as a crash.
    private static int ParsePid(ArgumentResult result, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0)
            return pid;
        result.AddError($"--pid: '{text}' is not a process id: give the number ps shows, e.g. -p 1234");
        return 0;
    }
}
