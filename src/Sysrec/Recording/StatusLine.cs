using System.Diagnostics;

namespace Sysrec.Recording;

/// <summary>
/// One line on the terminal, redrawn in place about once a second while recording: rate, totals,
/// drops, traced tasks, how far the output has got (size written, or records published). It only appears when stderr is a terminal and the trace is not
/// being echoed to that terminal, where the scrolling lines already show progress.
/// </summary>
internal sealed class StatusLine(TextWriter terminal)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private long _eventsAtLast;
    private bool _shown;

    public static StatusLine? ForThisTerminal(bool echo, bool quiet) =>
        quiet || Console.IsErrorRedirected || (echo && !Console.IsOutputRedirected) ? null : new StatusLine(Console.Error);

    public void Update(Func<RecordingProgress> progress)
    {
        if (_sinceLast.Elapsed < Interval)
            return;
        RecordingProgress now = progress();
        double rate = (now.Events - _eventsAtLast) / _sinceLast.Elapsed.TotalSeconds;
        _eventsAtLast = now.Events;
        _sinceLast.Restart();
        terminal.Write($"\r\x1b[Ksysrec: {now.Events:N0} events ({rate:N0}/s), {now.Dropped:N0} dropped, "
            + $"{now.TasksTraced:N0} tasks traced, {now.Output}");
        _shown = true;
    }

    /// <summary>Clears the line, so the final report starts on a clean one.</summary>
    public void Clear()
    {
        if (_shown)
            terminal.Write("\r\x1b[K");
    }
}
