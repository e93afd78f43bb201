using System.Diagnostics;

namespace Sysrec.IO;

/// <summary>
/// A line on the terminal redrawn in place at most once a second, to show how long work is going;
/// cleared before the work's final report, so that starts on a clean line.
/// </summary>
internal sealed class RedrawnLine(TextWriter terminal)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _shown;

    /// <summary>Whether it is time to redraw; <paramref name="sinceLast"/> is the time since the last redraw.</summary>
    public bool Due(out TimeSpan sinceLast)
    {
        sinceLast = _sinceLast.Elapsed;
        return sinceLast >= Interval;
    }

    public void Draw(string text)
    {
        _sinceLast.Restart();
        terminal.Write($"\r\x1b[K{text}");
        _shown = true;
    }

    public void Clear()
    {
        if (_shown)
            terminal.Write("\r\x1b[K");
    }
}
