using System.Diagnostics;
using Sysrec.IO;
using Sysrec.Kernel;

namespace Sysrec.Top;

/// <summary>
/// `sysrec top`: traces like record, but counts instead of writing, and redraws the busiest processes
/// in place on the terminal's alternate screen every second until q, Ctrl-C or SIGTERM.
/// </summary>
internal static class TopSession
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    public static int Run(TraceSelection selection, TracerOptions options)
    {
        if (Console.IsOutputRedirected)
            throw SysrecException.BadArguments("top draws on a terminal, and stdout is not one. Use sysrec record, or sysrec stats on a recording");
        var stop = new ManualResetEventSlim();
        using var signals = StopSignals.Register(_ => stop.Set());
        using Tracer tracer = Tracer.Load(selection, options);
        var tally = new LiveTally();
        tracer.Start(tally);

        Console.Write("\x1b[?1049h\x1b[?25l");
        try
        {
            var sinceDraw = Stopwatch.StartNew();
            while (!stop.IsSet && !QuitPressed(stop))
            {
                tracer.Poll(TimeSpan.FromMilliseconds(100));
                if (sinceDraw.Elapsed < Refresh)
                    continue;
                Console.Write(TopView.Render(tally.TakeInterval(), sinceDraw.Elapsed, tracer.Stats, Console.WindowHeight, Console.WindowWidth));
                sinceDraw.Restart();
            }
        }
        finally
        {
            Console.Write("\x1b[?25h\x1b[?1049l");
        }
        return ExitCodes.Success;
    }

    // A terminal that hung up stays readable with nothing to read, so the keys are read only while no
    // signal (the hangup's own SIGHUP, a SIGTERM) has asked to stop.
    private static bool QuitPressed(ManualResetEventSlim stop)
    {
        while (!stop.IsSet && !Console.IsInputRedirected && Console.KeyAvailable)
        {
            if (Console.ReadKey(intercept: true).KeyChar is 'q' or 'Q')
                return true;
        }
        return false;
    }
}
