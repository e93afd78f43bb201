using System.CommandLine;
using System.CommandLine.Parsing;
using Sysrec.Recording;
using Sysrec.Tracing;

namespace Sysrec.Cli;

internal static class RunCommand
{
    public static Command Create()
    {
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run and its arguments (after --)",
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
            RefuseUnknownOption(parsed.GetResult(commandLine)!.Tokens[0], parsed);
            RecordOptions options = shared.Read(parsed, TraceSelection.LaunchedOnly, traceLaunched: true) with { Echo = false };
            return Recorder.Launch(options, parsed.GetValue(commandLine)!, Console.Error);
        });
        return command;
    }

    /// <summary>
    /// An option run does not know, before <c>--</c>, would otherwise be taken for the command to run (and
    /// fail only after the trace file was opened).
    /// </summary>
    private static void RefuseUnknownOption(Token first, ParseResult parsed)
    {
        bool beforeDoubleDash = parsed.Tokens.TakeWhile(token => token.Type != TokenType.DoubleDash).Any(token => ReferenceEquals(token, first));
        if (beforeDoubleDash && first.Value.StartsWith('-'))
            throw SysrecException.BadArguments($"unknown option '{first.Value}' (to run a program whose name starts with '-', write it after --, e.g. -- ./{first.Value})");
    }
}
