using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Kernels;

/// <summary>`sysrec doctor` on this machine's kernel, as root and as a user without privileges.</summary>
[Collection(KernelCollection.Name)]
public sealed class DoctorTests
{
    [Fact]
    public void AsRootItFindsWhatTheProgramNeedsAndLoadsIt()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["doctor"]);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        string[] lines = result.Stdout.TrimEnd().Split('\n');
        Assert.StartsWith($"sysrec doctor: Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}", lines[0]);
        Assert.Contains(lines, line => line.StartsWith("found    the BPF program (loads", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("found    bpf_loop ", StringComparison.Ordinal));
        Assert.Equal("sysrec can record on this kernel.", lines[^1]);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void WithoutPrivilegesItProbesNothingAndSaysWhatToDo()
    {
        CommandResult result = Run.Command("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", Repository.Sysrec, "doctor"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("sysrec: cannot record on this kernel: missing privileges. Run it as root, e.g. with sudo\n", result.Stderr);
        Assert.Contains("\nmissing  privileges ", result.Stdout);
        // Refused probes would read as answers, so none is made.
        Assert.Contains("\nunknown  bpf_loop (not probed without privileges) ", result.Stdout);
        Assert.Contains("\nunknown  the BPF program (not loaded", result.Stdout);
    }
}
