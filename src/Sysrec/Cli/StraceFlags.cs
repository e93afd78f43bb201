using System.CommandLine;
using Sysrec.Recording;
using Sysrec.Trace;

namespace Sysrec.Cli;

/// <summary>
/// strace's options that shape what a recording writes, with strace's meaning: -ff (a file per process),
/// -t, -tt, -ttt (wall-clock time stamps) and -Z (only failed calls). Like strace, a doubled letter is
/// the option given twice (-ff is -f -f).
/// </summary>
internal sealed class StraceFlags
{
    private readonly Option<bool> _separately = new("--output-separately")
    {
        Description = "Write each process's trace to a file of its own, FILE.PID, as strace -ff does (-ff is this and -f; with --format strace, a file per thread)",
    };
    private readonly Option<bool> _timestamps = new("--absolute-timestamps", "-t")
    {
        Description = "Start each text line with the wall-clock time: -t HH:MM:SS, -tt HH:MM:SS.uuuuuu, -ttt seconds.uuuuuu since the epoch",
    };
    private readonly Option<bool> _failedOnly = new("--failed-only", "-Z")
    {
        Description = "Record only the calls that returned an error (with --exit)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_separately);
        command.Options.Add(_timestamps);
        command.Options.Add(_failedOnly);
    }

    /// <summary>The options given, checked against the rest of <paramref name="options"/>.</summary>
    /// <param name="follow">-f, which given twice (-ff) writes a file per process.</param>
    public RecordingOptions Apply(ParseResult parsed, Option<bool> follow, RecordingOptions options)
    {
        bool separately = parsed.GetValue(_separately) || Count(parsed, follow) >= 2;
        TimestampStyle timestamps = Count(parsed, _timestamps) switch
        {
            0 => TimestampStyle.None,
            1 => TimestampStyle.Seconds,
            2 => TimestampStyle.Microseconds,
            _ => TimestampStyle.Epoch,
        };
        bool failedOnly = parsed.GetValue(_failedOnly);
        if (options.OpenOutput is not null && (separately || timestamps != TimestampStyle.None))
            throw SysrecException.BadArguments($"{(separately ? "-ff" : "-t")}: with --sink the records go to the stream, in its own format, and no file is written");
        if (separately && options.OutputPath == TraceOutput.StandardOutputName)
            throw SysrecException.BadArguments("-ff: a file per process is named after -o (NAME.PID), and -o - is stdout. Give -o a file name");
        if (separately && options.MaxFileBytes is not null)
            throw SysrecException.BadArguments("--max-size: with -ff each process has a file of its own, which is not cut into parts. Leave out one of them");
        if (timestamps != TimestampStyle.None && options.Format == TraceFormat.Jsonl)
            throw SysrecException.BadArguments("-t: JSON Lines carry each call's time in ts_ns already; time stamps are for text lines");
        if (failedOnly && !options.Tracer.CaptureExit && !options.Tracer.Decode)
            throw SysrecException.BadArguments("-Z: whether a call failed is known only from its return, which needs --exit (and --format jsonl) or --decode");
        return options with
        {
            FilePerProcess = separately,
            // strace's lines carry -tt times unless told otherwise.
            Timestamps = timestamps == TimestampStyle.None && options.Format == TraceFormat.Strace ? TimestampStyle.Microseconds : timestamps,
            FailedOnly = failedOnly,
            // The trace is not also echoed to the terminal when it goes to files per process, or is the terminal.
            Echo = options.Echo && !separately && options.OutputPath != TraceOutput.StandardOutputName,
        };
    }

    private static int Count(ParseResult parsed, Option<bool> option) => parsed.GetResult(option)?.IdentifierTokenCount ?? 0;
}
