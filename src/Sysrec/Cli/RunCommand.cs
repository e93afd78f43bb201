using System.CommandLine;
using Sysrec.Recording;
using Sysrec.Tracing;

namespace Sysrec.Cli;

internal static class RunCommand
{
    public static Command Create()
    {
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var shared = new RecordingOptions();
        var command = new Command("run", """
            Run a command and record its syscalls from its first one until it exits; exits with its exit code.

            Examples:
              sysrec run -- ls -l /                  trace.log holds ls's syscalls
              sysrec run -f -o build.log -- make     make and everything it starts
            """)
        {
            commandLine,
        };
        shared.AddTo(command, untilStopped: false);
        command.SetAction(parsed =>
        {
            // The trace never goes to stdout here: that belongs to the command; -q only silences the status line.
            RecordOptions options = shared.Read(parsed, TraceSelection.LaunchedOnly, traceLaunched: true) with { Echo = false };
            return Recorder.Launch(options, parsed.GetValue(commandLine)!, Console.Error);
        });
        return command;
    }
}
