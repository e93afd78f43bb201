using System.CommandLine;
using Sysrec;
using Sysrec.Cli;
using Sysrec.IO;

// .NET decodes the command line lossily (a byte that is not UTF-8 becomes U+FFFD); the kernel's bytes
// are in /proc/self/cmdline, and as KernelStrings every argument and file name goes back to them exactly.
List<string> commandLine = KernelString.DecodeList(File.ReadAllBytes("/proc/self/cmdline"));
string[] given = [.. commandLine.Skip(1)];
// The design's two programs are this binary under other names (links made by `make`). The design's
// formatter writes the per-process files and nothing else, so it writes no manifest.
string[] arguments = Path.GetFileName(commandLine[0]) switch
{
    "loader_and_logger" => ["record", .. given],
    "formatter" => ["split", "--no-manifest", .. given],
    _ => given,
};

var root = new RootCommand("""
    sysrec: record the system calls of chosen programs with eBPF, and turn them into datasets.

    Examples:
      sysrec record bash                     trace every bash process to trace.log (Ctrl-C to stop)
      sysrec run -- ./app                    trace one command from its start
      sysrec split trace.log                 one <comm>:<pid>.log file of syscall ids per process
      sysrec stats trace.log                 counts per syscall, like strace -c
      sysrec export t.jsonl -o t.parquet     a Parquet table with a row per syscall
      sysrec collect --from nats://HOST:4222 --stream S -d DIR
                                             a dataset from recorders on many hosts
      sysrec doctor                          what this kernel offers of what sysrec needs
      sysrec mark exploit                    mark an exploit in the LID-DS recordings being made
      sysrec help formats                    the output formats
    """)
{
    RecordCommand.Create(),
    RunCommand.Create(),
    SplitCommand.Create(),
    TopCommand.Create(),
    HelpCommand.Create(),
    ReportCommand.Create(),
    StatsCommand.Create(),
    SeccompCommand.Create(),
    ExportCommand.Create(),
    CollectCommand.Create(),
    DoctorCommand.Create(),
    MarkCommand.Create(),
};

ParseResult parsed = root.Parse(arguments);
// Before anything takes over a signal: what the runtime finds ignored then stays ignored.
if (parsed.CommandResult.Command.Name != "run")
    StopSignals.RestoreDefaultInterrupt();
if (parsed.Action is not System.CommandLine.Help.HelpAction && UsageErrors.Find(parsed) is string problem)
{
    Console.Error.WriteLine($"sysrec: {problem}");
    return ExitCodes.Usage;
}

try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (SysrecException e)
{
    Console.Error.WriteLine(e.PointToHelp ? $"sysrec: {e.Message}. {UsageErrors.HelpHint(parsed)}" : $"sysrec: {e.Message}");
    return e.ExitCode;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
{
    // What the commands do not foresee still ends as one line, never a stack trace.
    Console.Error.WriteLine($"sysrec: {e.Message}");
    return ExitCodes.Failure;
}
