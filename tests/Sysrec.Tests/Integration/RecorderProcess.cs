using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sysrec.Tests.Integration;

/// <summary>A real `sysrec record` (or one of its aliases) running as a child, stopped by a signal as a user would.</summary>
internal sealed partial class RecorderProcess : IDisposable
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly StringWriterLines _stderr = new();

    private RecorderProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        process.ErrorDataReceived += (_, e) => _stderr.Add(e.Data);
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the recorder and returns once it reports that it is attached.</summary>
    public static RecorderProcess Start(string workingDirectory, string executable, params string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        })!;
        var recorder = new RecorderProcess(process);
        recorder.WaitUntilRecording();
        return recorder;
    }

    /// <summary>The recorder's pid, which under '*' must never appear in its own trace.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static RecorderProcess Record(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, Repository.Sysrec, ["record", .. arguments]);

    /// <summary>Signals the recorder and waits for it to finish writing.</summary>
    public CommandResult Stop(int signal = SIGINT)
    {
        Assert.Equal(0, Kill(_process.Id, signal));
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
            throw new TimeoutException("the recorder did not stop after a signal");
        return Finished();
    }

    /// <summary>Waits for a recorder that is to stop by itself (a duration, an error), failing the test if it does not.</summary>
    public CommandResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            Assert.Fail($"the recorder did not stop by itself within {timeout.TotalSeconds} s: {_stderr.Text}");
        return Finished();
    }

    private CommandResult Finished()
    {
        // The parameterless wait also waits for the output streams to be read to their end.
        _process.WaitForExit();
        return new CommandResult(_process.ExitCode, _stdout.Result, _stderr.Text);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }

    private void WaitUntilRecording()
    {
        var deadline = Stopwatch.StartNew();
        while (!_stderr.Text.Contains("recording"))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the recorder exited with {_process.ExitCode}: {_stderr.Text}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"the recorder did not attach: {_stderr.Text}");
            Thread.Sleep(20);
        }
    }

    /// <summary>kill(2): a negative pid signals a whole process group, as a terminal does.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    private sealed class StringWriterLines
    {
        private readonly System.Text.StringBuilder _text = new();

        public void Add(string? line)
        {
            if (line is null)
                return;
            lock (_text)
                _text.AppendLine(line);
        }

        public string Text
        {
            get
            {
                lock (_text)
                    return _text.ToString();
            }
        }
    }
}
