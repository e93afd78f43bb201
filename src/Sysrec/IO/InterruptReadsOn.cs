using System.Runtime.InteropServices;

namespace Sysrec.IO;

/// <summary>
/// For a recording read from a pipe, as in <c>sysrec record ... | sysrec stats /dev/stdin</c>: Ctrl-C
/// reaches the whole pipeline, and the recorder it stops writes its last lines and closes the pipe. So
/// the first SIGINT does not end the reader; it reads on to the end of its input and finishes with
/// everything. A second SIGINT ends it at once.
/// </summary>
internal sealed class InterruptReadsOn : IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private int _interrupts;

    public InterruptReadsOn() =>
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT,
            context => context.Cancel = Interlocked.Increment(ref _interrupts) == 1);

    public void Dispose() => _registration.Dispose();
}
