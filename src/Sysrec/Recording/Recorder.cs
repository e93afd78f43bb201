using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sysrec.Recording;

/// <summary>The two ways a recording runs: until the user stops it, or for the life of a command it launches.</summary>
internal static class Recorder
{
    /// <summary>Records until SIGINT, SIGTERM or SIGHUP, the duration if one is set, or stdout closing under the echo.</summary>
    public static int Record(RecordOptions options, TextWriter status)
    {
        var stop = new ManualResetEventSlim();
        using var signals = StopSignals.Register(_ => stop.Set());
        using RecordingSession session = RecordingSession.Start(options);
        status.WriteLine($"sysrec: recording {options.Selection.Describe()} to {options.OutputPath}; "
            + (options.Duration is { } duration ? $"stopping after {duration.TotalSeconds:0.###} s or at Ctrl-C" : "Ctrl-C to stop"));
        var clock = Stopwatch.StartNew();
        StatusLine? line = StatusLine.ForThisTerminal(options.Echo, options.Quiet);
        while (!stop.IsSet && !session.EchoClosed && !(clock.Elapsed >= options.Duration))
        {
            session.Poll();
            line?.Update(session.Progress);
        }
        line?.Clear();
        Report(session.Finish(), options.OutputPath, status);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Starts <paramref name="command"/> with tracing already attached, records until it exits and
    /// returns its exit code. The BPF program marks it at its exec, so its first syscall is recorded.
    /// </summary>
    public static int Launch(RecordOptions options, IReadOnlyList<string> command, TextWriter status)
    {
        using RecordingSession session = RecordingSession.Start(options);
        Process child;
        try
        {
            child = Process.Start(new ProcessStartInfo(command[0], command.Skip(1)) { UseShellExecute = false })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SysrecException(ExitCodes.Usage, $"cannot run {command[0]}: {Marshal.GetPInvokeErrorMessage(e.NativeErrorCode)}. Check the command's name and path");
        }
        using (child)
        {
            // Ctrl-C reaches the command from the terminal itself; what is sent to sysrec alone is passed on.
            using var signals = StopSignals.Register(signal =>
            {
                if (signal != PosixSignal.SIGINT)
                    StopSignals.Forward(child.Id, signal);
            });
            StatusLine? line = StatusLine.ForThisTerminal(echo: false, options.Quiet);
            while (!child.HasExited)
            {
                session.Poll();
                line?.Update(session.Progress);
            }
            line?.Clear();
            child.WaitForExit();
            Report(session.Finish(), options.OutputPath, status);
            return child.ExitCode;
        }
    }

    private static void Report(RecordingSummary summary, string outputPath, TextWriter status)
    {
        string where = summary.Files == 1 ? outputPath : $"{outputPath} and {outputPath}.1 to .{summary.Files - 1}";
        status.WriteLine($"sysrec: {summary.Events} events written to {where}, {summary.Dropped} dropped; "
            + $"{summary.TasksTraced} {(summary.TasksTraced == 1 ? "task" : "tasks")} traced, {summary.TasksStillTraced} still running");
        if (summary.Dropped > 0)
            status.WriteLine($"sysrec: warning: {summary.Dropped} events were lost because the ring buffer was full. Record fewer programs or raise --buffer-size");
    }
}
