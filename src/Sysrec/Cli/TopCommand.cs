using System.CommandLine;
using Sysrec.Kernel;
using Sysrec.Top;

namespace Sysrec.Cli;

internal static class TopCommand
{
    public static Command Create()
    {
        var programs = new Argument<string[]>("program")
        {
            Description = "Programs to watch, by name or path, or '*' for every process (the default)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show libbpf's log while loading" };
        var where = new CgroupFlags();
        var command = new Command("top", "Show the busiest traced processes and their hottest syscalls, live; q to quit") { programs, verbose };
        where.AddTo(command);
        command.SetAction(parsed =>
        {
            string[] names = parsed.GetValue(programs) is { Length: > 0 } given ? given : [TraceSelection.Everything];
            CgroupChoice chosen = where.Read(parsed);
            return TopSession.Run(TraceSelection.From(chosen.Pids.Count > 0 && names is [TraceSelection.Everything] ? [] : names, chosen.Pids, chosen.Cgroups),
                // A count per call: what it costs matters more than when it was made.
                new TracerOptions { Verbose = parsed.GetValue(verbose), Follow = chosen.Pids.Count > 0, CaptureTime = false });
        });
        return command;
    }
}
