using System.Diagnostics;

namespace Sysrec.Tests.Integration;

/// <summary>Small C programs whose syscalls are known exactly, compiled once per test run under the names the tests trace.</summary>
internal static class Workloads
{
    private static readonly string s_directory = Directory.CreateTempSubdirectory("sysrec-workloads-").FullName;
    private static readonly Lock s_lock = new();

    /// <summary>Compiles tests/workloads/<paramref name="source"/> to an executable called <paramref name="name"/>.</summary>
    public static string Build(string source, string name)
    {
        string output = Path.Combine(s_directory, name);
        lock (s_lock)
        {
            if (!File.Exists(output))
            {
                var result = Run.Command("cc", ["-O2", "-o", output, Repository.Workload(source)]);
                Assert.True(result.ExitCode == 0, $"cc failed: {result.Stderr}");
            }
        }
        return output;
    }

    /// <summary>Runs a workload to completion and returns its pid.</summary>
    public static int RunToEnd(string executable, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return process.Id;
    }
}
