using System.Runtime.InteropServices;

namespace Sysrec.Recording;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into a request to stop, so the recording ends by draining and
/// flushing rather than by the runtime's default of terminating the process.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private volatile bool _requested;

    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    public bool Requested => _requested;

    public void Request() => _requested = true;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _requested = true;
    }
}
