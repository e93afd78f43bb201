using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Sysrec.IO;

namespace Sysrec.Recording;

/// <summary>
/// --pcap IFACE: tcpdump capturing every packet on the interface into a file beside the recording, from
/// before the recording starts (it has said it is listening) until it ends. Started before the tracer
/// is attached, so that run, which traces what sysrec starts, does not record tcpdump too.
/// </summary>
internal sealed class PacketCapture : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private const int Sigterm = 15;

    private readonly Process _tcpdump;
    private readonly string _path;
    private readonly List<string> _messages = [];

    private PacketCapture(Process tcpdump, string path)
    {
        _tcpdump = tcpdump;
        _path = path;
    }

    /// <summary>Starts tcpdump on <paramref name="iface"/>, writing in <paramref name="directory"/>; returns once it listens.</summary>
    public static PacketCapture Start(string iface, string directory)
    {
        string path = Path.Join(directory, string.Create(CultureInfo.InvariantCulture, $".sysrec-{Environment.ProcessId}-capture.pcap"));
        OutputFiles.DeleteQuietly(path);
        var start = new ProcessStartInfo("tcpdump")
        {
            // -U: each packet written as it comes, so that the file is whole when tcpdump is stopped;
            // -Z root: it writes the file where sysrec does, rather than as an unprivileged user.
            ArgumentList = { "-i", iface, "-w", path, "-U", "-Z", "root", "-n" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process tcpdump;
        try
        {
            tcpdump = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SysrecException(ExitCodes.Failure, $"--pcap {iface}: cannot run tcpdump: {e.Message}. Install it (apt-get install tcpdump)");
        }
        var capture = new PacketCapture(tcpdump, path);
        // Set when tcpdump says it listens, or its stderr ends (it failed).
        var answered = new ManualResetEventSlim();
        bool listening = false;
        tcpdump.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                answered.Set();
                return;
            }
            lock (capture._messages)
            {
                capture._messages.Add(line.Data);
                listening |= line.Data.Contains("listening on", StringComparison.Ordinal);
            }
            if (listening)
                answered.Set();
        };
        tcpdump.BeginErrorReadLine();
        bool started = answered.Wait(StartTimeout);
        lock (capture._messages)
            started &= listening;
        if (!started)
        {
            string why = capture.Error() ?? "it did not start listening";
            capture.Dispose();
            throw new SysrecException(ExitCodes.Failure, $"--pcap {iface}: tcpdump cannot capture: {why}. Name an interface that ip link lists");
        }
        return capture;
    }

    /// <summary>Stops tcpdump (SIGTERM, so it ends the file) and opens what it captured.</summary>
    public FileStream Stop()
    {
        if (!_tcpdump.HasExited)
        {
            using SafeFileHandle pidfd = Interop.Libc.PidfdOpen(_tcpdump.Id, 0);
            if (!pidfd.IsInvalid)
                Interop.Libc.PidfdSendSignal(pidfd, Sigterm);
            if (!_tcpdump.WaitForExit(StopTimeout))
                throw new SysrecException(ExitCodes.Failure, "--pcap: tcpdump did not stop within 5 s of SIGTERM; the recording has no capture");
        }
        try
        {
            return FileNames.OpenRead(_path);
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"--pcap: tcpdump wrote no capture ({LastMessage() ?? e.Message}). Check that it can write {Path.GetDirectoryName(_path)}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_tcpdump.HasExited)
                _tcpdump.Kill();
            _tcpdump.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It was never started, or is gone.
        }
        _tcpdump.Dispose();
        OutputFiles.DeleteQuietly(_path);
    }

    private string? LastMessage()
    {
        lock (_messages)
            return _messages.LastOrDefault(message => message.Length > 0);
    }

    // tcpdump's own error line, without its name: "eth9: No such device exists".
    private string? Error()
    {
        const string Prefix = "tcpdump: ";
        lock (_messages)
            return _messages.FirstOrDefault(message => message.StartsWith(Prefix, StringComparison.Ordinal))?[Prefix.Length..] ?? LastMessage();
    }
}
