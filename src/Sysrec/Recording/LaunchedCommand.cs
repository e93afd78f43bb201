using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sysrec.Text;

namespace Sysrec.Recording;

/// <summary>
/// The command `sysrec run` starts, spawned by sysrec's own process (the BPF program marks it at its exec
/// as a child of sysrec's) and waited for by it. It gets the environment as the kernel gave it to sysrec,
/// byte for byte, and the signal mask and dispositions the shell gave sysrec: an ignored signal stays
/// ignored through the exec and a handled one goes back to its default, as under strace. Two start at
/// their default whatever the shell gave: SIGPIPE, which the .NET runtime ignores for itself before sysrec
/// can see how it came, and SIGCHLD, which sysrec needs at its default to learn the command's exit code.
/// </summary>
internal sealed class LaunchedCommand : IDisposable
{
    // Signals the process itself, never another that took its pid once it has gone.
    private readonly SafeFileHandle _pidfd;
    private int? _exitCode;

    private LaunchedCommand(int pid, SafeFileHandle pidfd)
    {
        Pid = pid;
        _pidfd = pidfd;
    }

    public int Pid { get; }

    /// <summary>Starts <paramref name="command"/>: its program (looked up in PATH, as a shell does) and its arguments.</summary>
    public static LaunchedCommand Start(IReadOnlyList<string> command)
    {
        // An ignored SIGCHLD would make the kernel reap the command itself, and its exit code would be lost.
        if (IsIgnored(IgnoredSignals(), Interop.Libc.SIGCHLD))
            Interop.Libc.SetDefaultAction(Interop.Libc.SIGCHLD);
        int error = Interop.Libc.Spawn(command[0], command, GivenEnvironment(), SignalsToDefault(IgnoredSignals()), out int pid);
        if (error != 0)
            throw new SysrecException(ExitCodes.Usage, $"cannot run {command[0]}: {Marshal.GetPInvokeErrorMessage(error)}. Check the command's name and path");
        // Not waited for yet, so the pid is still this child's.
        return new LaunchedCommand(pid, Interop.Libc.PidfdOpen(pid, 0));
    }

    /// <summary>Whether the command has exited (and been reaped; its code is kept).</summary>
    public bool HasExited
    {
        get
        {
            if (_exitCode is null && Interop.Libc.PollChild(Pid, out int status) == Pid)
                _exitCode = ExitCodeOf(status);
            return _exitCode is not null;
        }
    }

    /// <summary>Waits for the command to exit; its exit code, or 128+N if signal N ended it, as a shell says.</summary>
    public int WaitForExit()
    {
        while (_exitCode is null)
        {
            if (Interop.Libc.WaitForChild(Pid, out int status) == Pid)
                _exitCode = ExitCodeOf(status);
            else if (Marshal.GetLastPInvokeError() != Interop.Libc.EINTR)
                throw new SysrecException(ExitCodes.Failure, $"cannot wait for the command (pid {Pid}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return _exitCode.Value;
    }

    /// <summary>Passes a signal on to the command, unless it has gone.</summary>
    public void Signal(int signal)
    {
        if (!_pidfd.IsInvalid)
            Interop.Libc.PidfdSendSignal(_pidfd, signal);
    }

    public void Dispose() => _pidfd.Dispose();

    // The low 7 bits are the signal that ended it (0: it exited, its code in the next 8 bits).
    private static int ExitCodeOf(int status) => (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);

    /// <summary>
    /// Every signal but those the shell left ignored: glibc's spawn would otherwise hand on ignored the two
    /// it keeps for itself (32 and 33) when it handles them in this process.
    /// </summary>
    private static Interop.Libc.SigSet SignalsToDefault(ulong ignored)
    {
        var signals = default(Interop.Libc.SigSet);
        for (int signal = 1; signal <= Interop.Libc.SignalMax; signal++)
        {
            if (signal == Interop.Libc.SIGPIPE || !IsIgnored(ignored, signal))
                signals.Add(signal);
        }
        return signals;
    }

    /// <summary>
    /// The signals this process ignores, one bit each (signal N at bit N-1), as the kernel has them: glibc
    /// will not tell of its own two, which the shell may have left ignored like any other.
    /// </summary>
    private static ulong IgnoredSignals()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                return ulong.Parse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("/proc/self/status has no SigIgn line");
    }

    private static bool IsIgnored(ulong ignored, int signal) => (ignored & (1UL << (signal - 1))) != 0;

    /// <summary>The environment sysrec was started with, as the kernel gave it; .NET's own view of it decodes it lossily.</summary>
    private static List<string> GivenEnvironment() => KernelString.DecodeList(File.ReadAllBytes("/proc/self/environ"));
}
