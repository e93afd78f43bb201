using System.Diagnostics;

namespace Sysrec.Tests.Integration;

/// <summary>Small C programs whose syscalls are known exactly, compiled once per test run under the names the tests trace.</summary>
internal static class Workloads
{
    private static readonly string s_directory = CreateDirectory();
    private static readonly Lock s_lock = new();

    // One directory per test run, gone with the run, so runs neither share stale builds nor leave them behind.
    private static string CreateDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("sysrec-workloads-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    }

    /// <summary>Compiles tests/workloads/<paramref name="source"/> to an executable called <paramref name="name"/>.</summary>
    public static string Build(string source, string name, params string[] compilerFlags)
    {
        string output = Path.Combine(s_directory, name);
        lock (s_lock)
        {
            if (!File.Exists(output))
            {
                var result = Run.Command("cc", ["-O2", .. compilerFlags, "-o", output, Repository.Workload(source)]);
                Assert.True(result.ExitCode == 0, $"cc failed: {result.Stderr}");
            }
        }
        return output;
    }

    /// <summary>Whether cc can build and this kernel can run a 32-bit program (gcc-multilib, IA32 emulation).</summary>
    public static bool CanRun32Bit()
    {
        string probe = Path.Combine(s_directory, "probe_m32");
        string source = Path.Combine(s_directory, "probe_m32.c");
        File.WriteAllText(source, "int main(void) { return 0; }\n");
        return Run.Command("cc", ["-m32", "-o", probe, source]).ExitCode == 0 && Run.Command(probe, []).ExitCode == 0;
    }

    /// <summary>Runs a workload to completion and returns its pid.</summary>
    public static int RunToEnd(string executable, params string[] arguments) => RunCapturing(executable, arguments).Pid;

    /// <summary>Runs a workload to completion, checks it exited 0, and returns its pid and the lines it printed.</summary>
    public static (int Pid, string[] Output) RunCapturing(string executable, params string[] arguments)
    {
        using var workload = InteractiveWorkload.Start(executable, arguments);
        string[] output = workload.WaitForSuccess();
        return (workload.Pid, output);
    }

    /// <summary>The numbers a workload printed one per line, e.g. the pids of its children.</summary>
    public static int[] Numbers(IEnumerable<string> lines) => [.. lines.Select(int.Parse)];
}

/// <summary>A running workload whose stdin and stdout the test holds: the handshake for workloads that wait.</summary>
internal sealed class InteractiveWorkload : IDisposable
{
    private readonly Process _process;

    private InteractiveWorkload(Process process) => _process = process;

    public int Pid => _process.Id;

    public static InteractiveWorkload Start(string executable, params string[] arguments) =>
        new(Process.Start(new ProcessStartInfo(executable, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!);

    /// <summary>Starts a workload and returns once it has printed "ready", i.e. it runs and waits for a line.</summary>
    public static InteractiveWorkload StartWaiting(string executable, params string[] arguments)
    {
        var workload = Start(executable, arguments);
        Assert.Equal("ready", workload._process.StandardOutput.ReadLine());
        return workload;
    }

    public void SendLine() => _process.StandardInput.WriteLine();

    /// <summary>The next line the workload prints.</summary>
    public string? ReadLine() => _process.StandardOutput.ReadLine();

    /// <summary>Waits for the workload to exit and returns its exit code and the lines it printed.</summary>
    public (int ExitCode, string[] Output) WaitForExit()
    {
        string output = _process.StandardOutput.ReadToEnd();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"{_process.StartInfo.FileName} did not finish");
        return (_process.ExitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Waits for the workload to exit, checks it exited 0, and returns the lines it printed.</summary>
    public string[] WaitForSuccess()
    {
        (int exitCode, string[] output) = WaitForExit();
        Assert.True(exitCode == 0, $"{Path.GetFileName(_process.StartInfo.FileName)} exited with {exitCode}");
        return output;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }
}
