using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// The summary line the recorder ends with: "sysrec: E events written to F, D dropped; T tasks traced, S still running",
/// or under '*', "...; every task traced" (no counts: null).
/// </summary>
internal sealed partial record RecorderSummary(long Events, long Dropped, long? TasksTraced, long? StillRunning)
{
    public static RecorderSummary Parse(string stderr)
    {
        Match match = SummaryLine().Match(stderr);
        Assert.True(match.Success, $"no summary line in the recorder's stderr: {stderr}");
        return new RecorderSummary(long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value),
            match.Groups[3].Success ? long.Parse(match.Groups[3].Value) : null, match.Groups[4].Success ? long.Parse(match.Groups[4].Value) : null);
    }

    [GeneratedRegex(@"sysrec: (\d+) events written to .*, (\d+) dropped; (?:(\d+) tasks? traced, (\d+) still running|every task traced)")]
    private static partial Regex SummaryLine();
}

/// <summary>What one recording left: the recorder's result and summary, and the trace file's text.</summary>
internal sealed record Recording(CommandResult Recorder, RecorderSummary Summary, string Trace, string Format)
{
    public const string Text = "text";
    public const string Jsonl = "jsonl";

    /// <summary>The trace's lines in either format, as pid, syscall, comm and ABI.</summary>
    public IReadOnlyList<TraceEntry> Entries => Format == Jsonl
        ? [.. JsonlEntries.Select(e => new TraceEntry(e.Pid, e.Nr, e.Comm, e.Abi))]
        : TraceFile.Parse(Trace);

    /// <summary>The exec events of a jsonl trace.</summary>
    public IReadOnlyList<ExecEvent> Execs
    {
        get
        {
            Assert.Equal(Jsonl, Format);
            return JsonlTrace.Execs(Trace);
        }
    }

    /// <summary>Every field of a jsonl trace's syscalls, thread ids included.</summary>
    public IReadOnlyList<JsonlEntry> JsonlEntries
    {
        get
        {
            Assert.Equal(Jsonl, Format);
            return JsonlTrace.Parse(Trace);
        }
    }

    /// <summary>
    /// Runs `sysrec record -q -o FILE --format FORMAT <paramref name="selection"/>...`, calls <paramref name="whileRecording"/>
    /// once it is attached, stops it with SIGINT and checks it succeeded and lost nothing, since exact
    /// counts mean nothing once the kernel dropped events.
    /// </summary>
    public static Recording While(IEnumerable<string> selection, Action whileRecording, string format = Text) =>
        While(selection, _ => whileRecording(), format);

    /// <inheritdoc cref="While(IEnumerable{string}, Action, string)"/>
    public static Recording While(IEnumerable<string> selection, Action<RecorderProcess> whileRecording, string format = Text) =>
        While(selection, (recorder, _) => whileRecording(recorder), format);

    /// <inheritdoc cref="While(IEnumerable{string}, Action, string)"/>
    /// <remarks>
    /// <paramref name="whileRecording"/> is also given the trace file's path, to watch it grow. Under '*' the ring
    /// buffer carries the whole machine's calls, and on a busy machine it can fill: load, not a fault (SoakTests
    /// holds every drop to be counted). A recording under '*' that dropped is made again, up to three times.
    /// </remarks>
    public static Recording While(IEnumerable<string> selection, Action<RecorderProcess, string> whileRecording, string format = Text)
    {
        string[] selected = [.. selection];
        for (int attempt = 1; ; attempt++)
        {
            using var dir = new TempDirectory();
            CommandResult result;
            using (var recorder = RecorderProcess.Record(dir.Path, ["-q", "-o", dir.File("trace.log"), "--format", format, .. selected]))
            {
                whileRecording(recorder, dir.File("trace.log"));
                result = recorder.Stop();
            }
            Assert.True(result.ExitCode == 0, $"the recorder exited with {result.ExitCode}: {result.Stderr}");
            if (attempt < 3 && selected.Contains("*") && RecorderSummary.Parse(result.Stderr).Dropped > 0)
                continue;
            return Completed(result, dir.File("trace.log"), format);
        }
    }

    /// <summary>
    /// Runs `sysrec run -o FILE <paramref name="options"/>... -- <paramref name="command"/>...` to its end.
    /// Its exit code is the command's, so it is left to the caller; lost events are not.
    /// </summary>
    public static Recording OfCommand(IEnumerable<string> options, params string[] command)
    {
        using var dir = new TempDirectory();
        string[] given = [.. options];
        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-o", dir.File("trace.log"), .. given, "--", .. command], dir.Path);
        int format = Array.IndexOf(given, "--format");
        return Completed(result, dir.File("trace.log"), format >= 0 ? given[format + 1] : Text);
    }

    private static Recording Completed(CommandResult result, string tracePath, string format)
    {
        var summary = RecorderSummary.Parse(result.Stderr);
        Assert.True(summary.Dropped == 0, $"the kernel dropped events: {result.Stderr}");
        return new Recording(result, summary, File.ReadAllText(tracePath), format);
    }
}
