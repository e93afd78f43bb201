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
    /// SIGINT, SIGTERM and SIGHUP call <paramref name="onSignal"/> instead of ending the process. A shell
    /// starts a script's background job with SIGINT ignored, and the runtime keeps an ignored signal
    /// ignored; a recorder stops on it all the same, as the design's loader and bpftrace do, so SIGINT
    /// gets its default back first (before the runtime's first registration, which decides for good).
    /// </summary>
    public static StopSignals Register(Action<PosixSignal> onSignal)
    {
        Interop.Libc.SetDefaultAction(Interop.Libc.SIGINT);
        return RegisterAsGiven(onSignal);
    }

    /// <summary>
    /// As <see cref="Register"/>, but an ignored SIGINT stays ignored: for `run`, whose command inherits it
    /// as the shell gave it, and which does nothing on SIGINT itself but wait for the command.
    /// </summary>
    public static StopSignals RegisterAsGiven(Action<PosixSignal> onSignal) =>
        new([.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal =>
            PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                onSignal(context.Signal);
            }))]);

    /// <summary>Sends SIGTERM or SIGHUP on to another process, the command sysrec launched (Ctrl-C reaches it from the terminal).</summary>
    public static void Forward(int pid, PosixSignal signal)
    {
        int number = signal switch
        {
            PosixSignal.SIGTERM => 15,
            PosixSignal.SIGHUP => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
        Interop.Libc.Kill(pid, number);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
    }
}
