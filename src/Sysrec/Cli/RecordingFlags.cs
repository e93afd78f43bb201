using System.CommandLine;
using Sysrec.Decoding;
using Sysrec.Export;
using Sysrec.Kernel;
using Sysrec.Publishing;
using Sysrec.Recording;
using Sysrec.Streaming;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Cli;

/// <summary>The options record and run share.</summary>
internal sealed class RecordingFlags
{
    private readonly Option<string> _output = new("--output", "-o")
    {
        Description = "Write the trace to FILE; - is stdout, and a pipe or FIFO is written as a stream",
        HelpName = "FILE",
        DefaultValueFactory = _ => RecordCommand.DefaultOutput,
    };
    private readonly Option<TraceFormat> _format = OptionValues.Choice<TraceFormat>("--format",
        "text: the design's pid:syscall_id:comm lines; jsonl: one JSON object per syscall with every field; strace: the lines strace -f -tt -T -yy writes (implies --decode and -f)");
    private readonly Option<bool> _names = new("--names") { Description = "Write syscall names (read, openat) instead of numbers in text lines" };
    private readonly Option<string?> _syscalls = new("--expr", "-e")
    {
        Description = "Record only these syscalls, as strace -e trace=: names, numbers or classes (%file, %desc, %network, %process, %signal, %memory, %ipc), e.g. -e openat,read or -e %file; a leading ! records all others",
        HelpName = "[trace=][!]LIST",
    };
    private readonly Option<bool> _exit = new("--exit")
    {
        Description = "Pair each syscall with its return: return value and duration (with --format jsonl)",
    };
    private readonly Option<bool> _paths = new("--paths")
    {
        Description = "Write the path arguments of file syscalls (openat, execve, rename, stat, ...) as strings, up to 255 bytes (with --format jsonl)",
    };
    private readonly Option<bool> _decode = new("--decode")
    {
        Description = "Read what strace shows of each call in the kernel: strings, buffers up to -s bytes, structs, socket addresses, what each fd is; each call is paired with its return",
    };
    private readonly Option<string?> _snaplen = new("--string-limit", "-s")
    {
        Description = $"With --decode, keep at most N bytes of each string and buffer, and N elements of each array, as strace -s (default {StraceRenderer.DefaultSnaplen}, at most {TracerOptions.MaxSnaplen}; 0 none)",
        HelpName = "N",
    };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No echo of the trace to stdout and no live status line" };
    private readonly Option<bool> _follow = new("--follow", "-f")
    {
        Description = "Keep tracing traced processes and all their descendants whatever they exec; -ff also writes a file per process",
    };
    private readonly Option<string> _bufferSize = new("--buffer-size")
    {
        Description = "Kernel ring buffer size, a power of two (e.g. 64M)",
        HelpName = "SIZE",
        DefaultValueFactory = _ => $"{TracerOptions.DefaultRingBufferBytes >> 20}M",
    };
    private readonly Option<string?> _maxSize = new("--max-size")
    {
        Description = "Start a new numbered file (FILE.1, FILE.2, ...) when the current one would pass SIZE (e.g. 100M)",
        HelpName = "SIZE",
    };
    private readonly Option<string?> _duration = new("--duration")
    {
        Description = "Stop after this long (e.g. 30s, 10m, 1h)",
        HelpName = "TIME",
    };
    private readonly Option<bool> _summary = new("--summary")
    {
        Description = "At the end, count the recorded syscalls on stderr as sysrec stats does (times and errors with --exit)",
    };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Show libbpf's log while loading" };
    private readonly Option<string?> _lidds = new("--lidds")
    {
        Description = "Write the recording as LID-DS 2021 ships one, DIR/NAME.zip (NAME.sc with sysdig's lines, .json, .res sampled each second, .pcap), "
            + "made when the recording ends; implies --decode. sysrec mark exploit marks an exploit meanwhile",
        HelpName = "DIR/NAME",
    };
    private readonly LiddsFlags _liddsFlags = new(live: true);
    private readonly Option<string?> _btf = new("--btf")
    {
        Description = "Read the kernel's types from FILE (e.g. BTFHub's for this kernel) rather than /sys/kernel/btf/vmlinux, which a kernel built without CONFIG_DEBUG_INFO_BTF lacks",
        HelpName = "FILE",
    };
    private readonly StraceFlags _straceOutput = new();

    public void AddTo(Command command, bool untilStopped)
    {
        command.Options.Add(_output);
        command.Options.Add(_format);
        command.Options.Add(_names);
        command.Options.Add(_syscalls);
        command.Options.Add(_exit);
        command.Options.Add(_paths);
        command.Options.Add(_decode);
        command.Options.Add(_snaplen);
        command.Options.Add(_quiet);
        command.Options.Add(_follow);
        command.Options.Add(_maxSize);
        if (untilStopped)
            command.Options.Add(_duration);
        command.Options.Add(_summary);
        command.Options.Add(_bufferSize);
        command.Options.Add(_verbose);
        command.Options.Add(_btf);
        _straceOutput.AddTo(command);
        command.Options.Add(_lidds);
        _liddsFlags.AddTo(command);
    }

    private bool Decode(ParseResult parsed) =>
        parsed.GetValue(_decode) || parsed.GetValue(_format) == TraceFormat.Strace || parsed.GetValue(_lidds) is not null;

    // --lidds: the calls go into the zip, so no option of the trace file goes with it.
    private LiddsLiveOptions? Lidds(ParseResult parsed, PublishOptions? stream)
    {
        if (parsed.GetValue(_lidds) is not string name)
        {
            if (_liddsFlags.FirstGiven(parsed) is string option)
                throw SysrecException.BadArguments($"{option}: only a LID-DS recording has it. Add --lidds DIR/NAME");
            return null;
        }
        if (stream is not null)
            throw SysrecException.BadArguments("--lidds: with --sink the records go to the stream; record the LID-DS recording on its own");
        foreach (Option option in new Option[] { _output, _format, _names, _maxSize, _paths })
        {
            if (parsed.GetResult(option) is { Implicit: false })
                throw SysrecException.BadArguments($"{option.Name}: with --lidds the calls go into the LID-DS recording, in sysdig's lines. Leave out {option.Name}");
        }
        if (name.Length == 0 || name.EndsWith('/'))
            throw SysrecException.BadArguments($"--lidds '{name}': give the recording's directory and name, DIR/NAME (it writes DIR/NAME.zip)");
        string zip = name.EndsWith(".zip", StringComparison.Ordinal) ? name : name + ".zip";
        LiddsScenario scenario = _liddsFlags.Scenario(parsed);
        return new LiddsLiveOptions(_liddsFlags.Place(parsed, zip, "Choose another scenario with --lidds SCENARIO/NAME"), scenario, _liddsFlags.CaptureInterface(parsed));
    }

    private int Snaplen(ParseResult parsed)
    {
        if (parsed.GetValue(_snaplen) is not string given)
            return StraceRenderer.DefaultSnaplen;
        if (!Decode(parsed))
            throw SysrecException.BadArguments("-s: only decoded calls keep strings and buffers. Add --decode or --format strace");
        if (!int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int snaplen) || snaplen > TracerOptions.MaxSnaplen)
            throw SysrecException.BadArguments($"-s: '{given}' is not a number of bytes from 0 to {TracerOptions.MaxSnaplen}. Give one, e.g. -s 64");
        return snaplen;
    }

    /// <param name="stream">The stream the records go to instead of the file: it carries every field, args included.</param>
    public RecordingOptions Read(ParseResult parsed, TraceSelection selection, bool traceLaunched, PublishOptions? stream = null)
    {
        if (stream is not null)
        {
            foreach (Option option in new Option[] { _output, _format, _names, _maxSize })
                if (parsed.GetResult(option) is { Implicit: false })
                    throw SysrecException.BadArguments($"{option.Name}: with --sink the records go to the stream, in its own format, and no file is written");
        }
        LiddsLiveOptions? lidds = Lidds(parsed, stream);
        bool jsonl = parsed.GetValue(_format) == TraceFormat.Jsonl;
        bool strace = parsed.GetValue(_format) == TraceFormat.Strace;
        if (parsed.GetValue(_exit) && !jsonl && !strace && stream is null)
            throw SysrecException.BadArguments("--exit: return values and durations need --format jsonl; the text line has no place for them");
        if (parsed.GetValue(_paths) && stream is not null)
            throw SysrecException.BadArguments("--paths: the stream's records have no place for path strings; record them to a file with --format jsonl");
        if (parsed.GetValue(_paths) && Decode(parsed))
            throw SysrecException.BadArguments("--paths: decoded calls carry their paths already. Leave out --paths");
        if (parsed.GetValue(_paths) && !jsonl)
            throw SysrecException.BadArguments("--paths: path strings need --format jsonl; the text line has no place for them");
        var tracer = new TracerOptions
        {
            RingBufferBytes = ByteSize.ParsePowerOfTwo("--buffer-size", parsed.GetValue(_bufferSize)!),
            // strace's lines are those of strace -f, which follows every child whatever it execs.
            Follow = parsed.GetValue(_follow) || strace,
            TraceLaunched = traceLaunched,
            CaptureArgs = jsonl || stream is not null,
            CaptureExit = parsed.GetValue(_exit),
            DecodeSpecs = Decode(parsed) ? [.. DecodeSpecs.InTables()] : null,
            Snaplen = Snaplen(parsed),
            CapturePaths = parsed.GetValue(_paths),
            Verbose = parsed.GetValue(_verbose),
            BtfPath = parsed.GetValue(_btf),
            // The text format is the design's and has no line for them.
            ExecEvents = jsonl,
            Syscalls = parsed.GetValue(_syscalls) is string expression ? SyscallFilter.Parse("-e", expression) : null,
        };
        var options = new RecordingOptions(selection, parsed.GetValue(_output)!, parsed.GetValue(_format), Echo: !parsed.GetValue(_quiet) && stream is null && lidds is null, tracer)
        {
            Lidds = lidds,
            SyscallNames = parsed.GetValue(_names),
            Quiet = parsed.GetValue(_quiet),
            Summary = parsed.GetValue(_summary),
            MaxFileBytes = parsed.GetValue(_maxSize) is string size ? ByteSize.Parse("--max-size", size) : null,
            Duration = parsed.GetValue(_duration) is string duration ? Durations.Parse("--duration", duration) : null,
            OpenOutput = stream is null ? null : () => Publication.Open(stream, RecorderClocksNow(), tracer.CaptureArgs || tracer.Decode, tracer.CaptureExit || tracer.Decode),
        };
        return _straceOutput.Apply(parsed, _follow, options);
    }

    // The recorder's clocks for --sink, read as it starts publishing.
    private static RecorderClocks RecorderClocksNow()
    {
        ClockAnchor now = ClockAnchor.Now();
        return new RecorderClocks(now.MonotonicNs, now.RealtimeNs);
    }
}
