using System.Runtime.InteropServices;

namespace Sysrec.Recording;

/// <summary>
/// Takes over signals that would otherwise end the process, so a recording ends by draining and
/// flushing rather than by the runtime's default of terminating.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private StopSignals(PosixSignalRegistration[] registrations) => _registrations = registrations;

    /// <summary>
    /// A shell starts a script's background job with SIGINT ignored, and the runtime keeps an ignored signal
    /// ignored once its signal handling is set up (by the first registration, or a pipe read as input). The
    /// commands stop on SIGINT there too, as the design's loader and bpftrace do, so it gets its default back
    /// before that. Not for `run`: its command inherits SIGINT as the shell gave it, and it only waits for it.
    /// </summary>
    public static void RestoreDefaultInterrupt() => Interop.Libc.SetDefaultAction(Interop.Libc.SIGINT);

    /// <summary>SIGINT, SIGTERM and SIGHUP call <paramref name="onSignal"/> instead of ending the process.</summary>
    public static StopSignals Register(Action<PosixSignal> onSignal) =>
        new([.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal =>
            PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                onSignal(context.Signal);
            }))]);

    /// <summary>Sends SIGTERM or SIGHUP on to the command sysrec launched (Ctrl-C reaches it from the terminal).</summary>
    public static void Forward(LaunchedCommand command, PosixSignal signal)
    {
        int number = signal switch
        {
            PosixSignal.SIGTERM => 15,
            PosixSignal.SIGHUP => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        command.Signal(number);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
    }
}
