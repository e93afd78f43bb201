using System.CommandLine;
using Sysrec.Recording;
using Sysrec.Tracing;

namespace Sysrec.Cli;

internal static class RecordCommand
{
    public const string DefaultOutput = "trace.log";

    public static Command Create()
    {
        var programs = new Argument<string[]>("program")
        {
            Description = "Programs to trace, by name or path (only the basename counts), or '*' for every process",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write the trace to FILE",
            HelpName = "FILE",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not echo the trace lines to stdout" };
        var bufferSize = new Option<string>("--buffer-size")
        {
            Description = "Kernel ring buffer size, a power of two (e.g. 64M)",
            HelpName = "SIZE",
            DefaultValueFactory = _ => "16M",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show libbpf's log while loading" };

        var command = new Command("record", "Record the syscalls of processes that exec the named programs, as pid:syscall_id:comm lines")
        {
            programs, output, quiet, bufferSize, verbose,
        };
        command.SetAction(parsed =>
        {
            BpfLog.Install(parsed.GetValue(verbose));
            var options = new RecordOptions(
                TraceSelection.From(parsed.GetValue(programs)!),
                parsed.GetValue(output)!,
                Echo: !parsed.GetValue(quiet),
                new TracerOptions { RingBufferBytes = ByteSize.ParsePowerOfTwo("--buffer-size", parsed.GetValue(bufferSize)!) });
            return Recorder.Run(options, Console.Error);
        });
        return command;
    }
}
