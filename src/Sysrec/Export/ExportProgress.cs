using System.Diagnostics;

namespace Sysrec.Export;

/// <summary>
/// How far a long export has got, one line on stderr redrawn in place at most once a second, in the
/// style of the recorder's status line; only when stderr is a terminal.
/// </summary>
internal sealed class ExportProgress(TextWriter terminal)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _shown;

    public static ExportProgress? ForThisTerminal() => Console.IsErrorRedirected ? null : new ExportProgress(Console.Error);

    public void Update(long calls)
    {
        if (_sinceLast.Elapsed < Interval)
            return;
        _sinceLast.Restart();
        terminal.Write($"\r\x1b[Ksysrec: {calls:N0} calls exported");
        _shown = true;
    }

    /// <summary>Clears the line, so the final report starts on a clean one.</summary>
    public void Clear()
    {
        if (_shown)
            terminal.Write("\r\x1b[K");
    }
}
