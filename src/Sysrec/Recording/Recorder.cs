using System.Diagnostics;
using System.Runtime.InteropServices;
using Sysrec.Analysis;
using Sysrec.IO;

namespace Sysrec.Recording;

/// <summary>The two ways a recording runs: until the user stops it, or for the life of a command it launches.</summary>
internal static class Recorder
{
    /// <summary>
    /// Records until SIGINT, SIGTERM or SIGHUP, the duration if one is set, the end the options await if
    /// any, or stdout closing under the echo.
    /// </summary>
    public static int Record(RecordingOptions options, TextWriter status)
    {
        var stop = new ManualResetEventSlim();
        using var signals = StopSignals.Register(_ => stop.Set());
        using RecordingSession session = RecordingSession.Start(options);
        status.WriteLine($"sysrec: recording {options.Selection.Describe()} to {session.DestinationName}; {Stopping(options)}");
        var clock = Stopwatch.StartNew();
        RecordingSummary summary = RecordWhile(session, StatusLine.ForThisTerminal(options.Echo, options.Quiet),
            () => !stop.IsSet && !session.EchoClosed && !(clock.Elapsed >= options.Duration) && options.EndsWhen?.HasCome() != true);
        Report(summary, status);
        ReportCounts(session, status);
        return ExitCodes.Success;
    }

    // "stopping when the container stops, after 30 s or at Ctrl-C", as far as each applies.
    private static string Stopping(RecordingOptions options)
    {
        string[] ends = [.. new[] { options.EndsWhen is { } end ? $"when {end.What}" : null,
            options.Duration is { } duration ? $"after {duration.TotalSeconds:0.###} s" : null }.OfType<string>()];
        return ends.Length == 0 ? "Ctrl-C to stop" : $"stopping {string.Join(", ", ends)} or at Ctrl-C";
    }

    /// <summary>
    /// Starts <paramref name="command"/> with tracing already attached, records until it exits and
    /// returns its exit code. The BPF program marks it at its exec, so its first syscall is recorded.
    /// When the recording fails (a full disk), sysrec says so at once and goes on waiting for the command,
    /// untraced, rather than leave it running unwaited or stop it; then it exits with 1.
    /// </summary>
    public static int Launch(RecordingOptions options, IReadOnlyList<string> command, TextWriter status)
    {
        LaunchedCommand? child = null;
        // A signal that comes while the command is being started is held, and passed on once it has a pid:
        // the command can be running (and its starter see it run) before the spawn returns.
        PosixSignal? held = null;
        var starting = new Lock();
        // Registered before the command starts, so no signal can end sysrec and leave it untraced.
        // Ctrl-C reaches the command from the terminal itself; what is sent to sysrec alone is passed on.
        using var signals = StopSignals.Register(signal =>
        {
            if (signal == PosixSignal.SIGINT)
                return;
            lock (starting)
            {
                if (child is null)
                    held = signal;
                else
                    child.Forward(signal);
            }
        });
        int Start()
        {
            LaunchedCommand started = LaunchedCommand.Start(command);
            lock (starting)
            {
                child = started;
                if (held is { } signal)
                    started.Forward(signal);
            }
            return started.Pid;
        }
        try
        {
            using (RecordingSession session = RecordingSession.Start(options, Start))
            {
                RecordingSummary summary = RecordWhile(session, StatusLine.ForThisTerminal(echo: false, options.Quiet), () => !child!.HasExited);
                Report(summary, status);
                ReportCounts(session, status);
            }
            return child!.WaitForExit();
        }
        catch (Exception e) when (child is not null && e is SysrecException or IOException)
        {
            // The session's end has detached the tracer: the command runs on untraced, at full speed.
            status.WriteLine($"sysrec: {e.Message}");
            status.WriteLine($"sysrec: recording stopped; waiting for {command[0]} (pid {child.Pid}) to exit");
            status.WriteLine($"sysrec: {command[0]} exited with code {child.WaitForExit()}");
            return ExitCodes.Failure;
        }
        finally
        {
            child?.Dispose();
        }
    }

    /// <summary>Drains the ring buffer into the trace while <paramref name="goOn"/> says so, then finishes the recording.</summary>
    private static RecordingSummary RecordWhile(RecordingSession session, StatusLine? line, Func<bool> goOn)
    {
        while (goOn())
        {
            session.Poll();
            line?.Update(session.Progress);
        }
        line?.Clear();
        return session.Finish();
    }

    /// <summary>--summary: the table `sysrec stats` would print for the trace.</summary>
    private static void ReportCounts(RecordingSession session, TextWriter status)
    {
        if (session.SummaryReport is { } report)
            StatsTextWriter.Write(report, status);
    }

    private static void Report(RecordingSummary summary, TextWriter status)
    {
        status.WriteLine($"sysrec: {summary.Events} events {summary.Where}, {summary.Dropped} dropped; "
            + (summary.TasksTraced is { } tasks
                ? $"{tasks} {(tasks == 1 ? "task" : "tasks")} traced, {summary.TasksStillTraced} still running"
                : "every task traced"));
        foreach (string note in summary.Notes)
            status.WriteLine($"sysrec: {note}");
        if (summary.Dropped > 0)
            status.WriteLine($"sysrec: warning: {summary.Dropped} events were lost because the ring buffer was full. Record fewer programs or raise --buffer-size");
    }
}
