using Sysrec.IO;

namespace Sysrec.Recording;

/// <summary>
/// The line on the terminal while recording: rate, totals, drops, traced tasks, how far the output has got
/// (size written, or records published). It only appears when stderr is a terminal and the trace is not
/// being echoed to that terminal, where the scrolling lines already show progress.
/// </summary>
internal sealed class StatusLine(TextWriter terminal)
{
    private readonly RedrawnLine _line = new(terminal);
    private long _eventsAtLast;

    public static StatusLine? ForThisTerminal(bool echo, bool quiet) =>
        quiet || Console.IsErrorRedirected || (echo && !Console.IsOutputRedirected) ? null : new StatusLine(Console.Error);

    public void Update(Func<RecordingProgress> progress)
    {
        if (!_line.Due(out TimeSpan sinceLast))
            return;
        RecordingProgress now = progress();
        double rate = (now.Events - _eventsAtLast) / sinceLast.TotalSeconds;
        _eventsAtLast = now.Events;
        _line.Draw($"sysrec: {now.Events:N0} events ({rate:N0}/s), {now.Dropped:N0} dropped, "
            + (now.TasksTraced is { } tasks ? $"{tasks:N0} tasks traced" : "every task traced") + $", {now.Output}");
    }

    /// <summary>Clears the line, so the final report starts on a clean one.</summary>
    public void Clear() => _line.Clear();
}
